import { SignIn } from "@clerk/nextjs";

/** Clerk mode: Clerk's own sign-in, sending people back where they were going. */
export function ClerkSignIn({ redirectTo }: { redirectTo: string }) {
  return <SignIn routing="hash" forceRedirectUrl={redirectTo} signUpForceRedirectUrl={redirectTo} />;
}
