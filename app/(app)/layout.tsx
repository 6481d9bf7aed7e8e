import type * as React from "react";
import { ConvexClientProvider } from "@/components/convex/convex-client-provider";
import { AppHeader } from "@/components/layout/app-header";
import { SkipLink } from "@/components/layout/skip-link";
import { identityMode, requireSession } from "@/lib/server/auth";
import { getEnv } from "@/lib/server/env";

/** Every signed-in page. Re-checks the session itself: proxy.ts is routing, not security. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const session = await requireSession();
  const mode = identityMode();
  return (
    // The provider wraps the header too: its workspace switcher is a live query.
    <ConvexClientProvider url={getEnv().convex.url} mode={mode}>
      <div className="flex flex-1 flex-col">
        <SkipLink />
        <AppHeader session={session} mode={mode} />
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 outline-none sm:px-6 sm:py-10">
          {children}
        </main>
      </div>
    </ConvexClientProvider>
  );
}
