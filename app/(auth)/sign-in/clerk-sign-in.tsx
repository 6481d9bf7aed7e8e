"use client";

import dynamic from "next/dynamic";

// A client-side dynamic import, so local mode's sign-in page ships no Clerk code (see components/convex/clerk-root.tsx).
const SignIn = dynamic(() => import("@clerk/nextjs").then((m) => m.SignIn));

/** Clerk mode: Clerk's own sign-in, sending people back where they were going. */
export function ClerkSignIn({ redirectTo }: { redirectTo: string }) {
  return <SignIn routing="hash" forceRedirectUrl={redirectTo} signUpForceRedirectUrl={redirectTo} />;
}
