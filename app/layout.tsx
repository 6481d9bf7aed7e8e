import { buildClerkProps } from "@clerk/nextjs/server";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { NextRequest } from "next/server";
import type * as React from "react";
import { ClerkRoot } from "@/components/convex/clerk-root";
import { LocalIdentityBanner } from "@/components/layout/local-identity-banner";
import { ThemeScript } from "@/components/theme/theme-script";
import { DeferredToaster } from "@/components/ui/deferred-toaster";
import { getEnv } from "@/lib/server/env";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Tenantry", template: "%s · Tenantry" },
  description: "The multi-tenancy control plane for AI-agent platforms.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // proxy.ts puts this request's CSP nonce here; the one inline script we own needs it.
  // Reading headers() also makes every page dynamic: no page is prerendered at build
  // time, so `next build` never needs a running Convex.
  const requestHeaders = await headers();
  const nonce = requestHeaders.get("x-nonce") ?? undefined;
  const { identity } = getEnv();
  const content = (
    <>
      <LocalIdentityBanner />
      {children}
      <DeferredToaster />
    </>
  );
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript nonce={nonce} />
      </head>
      <body>
        {identity.kind === "clerk" ? (
          // Clerk's client provider, loaded only here (see clerk-root.tsx), given what its server
          // provider's `dynamic` mode gave it: this request's auth state (what clerkMiddleware
          // put on the request headers) and the nonce for the clerk-js script tag.
          <ClerkRoot
            publishableKey={identity.publishableKey}
            nonce={nonce}
            initialState={buildClerkProps(new NextRequest("https://placeholder.invalid", { headers: requestHeaders })).__clerk_ssr_state}
          >
            {content}
          </ClerkRoot>
        ) : (
          content
        )}
      </body>
    </html>
  );
}
