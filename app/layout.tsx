import { ClerkProvider } from "@clerk/nextjs";
import type { Metadata } from "next";
import { headers } from "next/headers";
import type * as React from "react";
import { LocalIdentityBanner } from "@/components/layout/local-identity-banner";
import { ThemeScript } from "@/components/theme/theme-script";
import { Toaster } from "@/components/ui/toast";
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
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const { identity } = getEnv();
  const content = (
    <>
      <LocalIdentityBanner />
      {children}
      <Toaster />
    </>
  );
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript nonce={nonce} />
      </head>
      <body>
        {identity.kind === "clerk" ? (
          // `dynamic` makes Clerk render its scripts on the server, where it reads the nonce.
          <ClerkProvider dynamic publishableKey={identity.publishableKey} signInUrl="/sign-in" afterSignOutUrl="/sign-in">
            {content}
          </ClerkProvider>
        ) : (
          content
        )}
      </body>
    </html>
  );
}
