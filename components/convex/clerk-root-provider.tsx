"use client";

import { ClerkProvider } from "@clerk/nextjs";
import type * as React from "react";

export type ClerkRootProps = {
  publishableKey: string;
  /** This request's CSP nonce: Clerk puts it on the clerk-js script tags it renders. */
  nonce: string | undefined;
  /** The request's auth state (buildClerkProps), so hooks know the user before clerk-js loads, as the server ClerkProvider's `dynamic` gave. */
  initialState: unknown;
};

/** Clerk's client provider; only ever loaded through clerk-root.tsx. */
export function ClerkRootProvider({ publishableKey, nonce, initialState, children }: ClerkRootProps & { children: React.ReactNode }) {
  return (
    <ClerkProvider
      publishableKey={publishableKey}
      nonce={nonce}
      // The server-side shape from buildClerkProps; Clerk's types do not name it.
      initialState={initialState as React.ComponentProps<typeof ClerkProvider>["initialState"]}
      signInUrl="/sign-in"
      afterSignOutUrl="/sign-in"
    >
      {children}
    </ClerkProvider>
  );
}
