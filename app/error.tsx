"use client";

import { RotateCwIcon, ServerCrashIcon } from "lucide-react";
import type * as React from "react";
import { Button } from "@/components/ui/button";
import { BACKEND_AUTH_REJECTED, BACKEND_OUTDATED, BACKEND_UNAVAILABLE } from "@/lib/server/convex/errors";

// Next hides server error messages in production but keeps the digest, and lib/server/tenancy
// puts a known cause there; anything else gets the generic text plus the digest to grep
// for in the server log.
const EXPLANATIONS: Record<string, { title: string; body: React.ReactNode }> = {
  [BACKEND_UNAVAILABLE]: {
    title: "Tenantry cannot reach its database",
    body: (
      <>
        The Convex backend did not answer. Locally, <code>npm start</code> runs convex-local next to the app (<code>CONVEX_LOCAL_URL</code>,
        http://127.0.0.1:3210 by default); in cloud mode, check <code>NEXT_PUBLIC_CONVEX_URL</code> and the deployment&apos;s status.
      </>
    ),
  },
  [BACKEND_AUTH_REJECTED]: {
    title: "The backend does not trust this app's sign-in",
    body: (
      <>
        Convex rejected the user&apos;s token. With local identity, convex-local must be started with{" "}
        <code>TENANTRY_LOCAL_AUTH_ISSUER</code> equal to <code>APP_URL</code> + <code>/api/local-auth</code>; with Clerk, the deployment
        needs <code>CLERK_JWT_ISSUER_DOMAIN</code> and the &quot;convex&quot; JWT template.
      </>
    ),
  },
  [BACKEND_OUTDATED]: {
    title: "The backend is missing Tenantry's functions",
    body: (
      <>
        Convex answered, but without the functions this version of the app calls. Push the current <code>convex/</code> code to it:
        convex-local loads it when it starts; for a cloud deployment run <code>npx convex deploy</code>.
      </>
    ),
  },
};

function digestOf(error: unknown): string | undefined {
  const digest = typeof error === "object" && error !== null ? (error as { digest?: unknown }).digest : undefined;
  return typeof digest === "string" ? digest : undefined;
}

export default function ErrorBoundary({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = digestOf(error);
  const known = digest && Object.hasOwn(EXPLANATIONS, digest) ? EXPLANATIONS[digest] : undefined;
  return (
    <div className="flex min-h-[60dvh] flex-col items-center justify-center gap-6 px-6 text-center">
      <div className="flex size-12 items-center justify-center rounded-full bg-destructive/10 text-destructive">
        <ServerCrashIcon className="size-6" />
      </div>
      <div className="max-w-lg space-y-2">
        <h1 className="text-xl font-semibold tracking-tight">{known?.title ?? "Something went wrong on our side"}</h1>
        <p className="text-sm text-muted-foreground [&_code]:rounded [&_code]:bg-muted [&_code]:px-1 [&_code]:py-0.5 [&_code]:font-mono [&_code]:text-xs">
          {known?.body ?? "The server hit an unexpected error while loading this page. Details are in the server log."}
        </p>
        {digest && !known && <p className="font-mono text-xs text-muted-foreground">Reference: {digest}</p>}
      </div>
      <Button variant="outline" onClick={() => retry()}>
        <RotateCwIcon /> Try again
      </Button>
    </div>
  );
}
