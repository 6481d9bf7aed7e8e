import { TriangleAlertIcon } from "lucide-react";
import { getEnv } from "@/lib/server/env";

/**
 * Shown on every page when the local identity provider serves a production build
 * (allowed only with TENANTRY_ALLOW_LOCAL_AUTH=1): anyone can sign in as anyone.
 */
export function LocalIdentityBanner() {
  const env = getEnv();
  if (env.identity.kind !== "local" || env.nodeEnv !== "production") return null;
  return (
    <div role="alert" className="flex items-center justify-center gap-2 bg-warning px-4 py-1.5 text-center text-xs font-medium text-black">
      <TriangleAlertIcon className="size-3.5 shrink-0" aria-hidden="true" />
      <span>
        Local identity: this deployment uses Tenantry&apos;s demo sign-in, so anyone can sign in as anyone. Connect Clerk before real use.
      </span>
    </div>
  );
}
