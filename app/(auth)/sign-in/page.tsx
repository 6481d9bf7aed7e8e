import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSession, identityMode, safeRedirectPath } from "@/lib/server/auth";
import { DEMO_USERS } from "@/lib/server/auth/local";
import { ClerkSignIn } from "./clerk-sign-in";
import { LocalSignInForm } from "./local-sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

// GET /sign-in?redirect_url=/t/acme: the one page signed-out visitors can open.
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { redirect_url } = await searchParams;
  const redirectTo = safeRedirectPath(Array.isArray(redirect_url) ? redirect_url[0] : redirect_url);

  // Already signed in (and, locally, not signed out server-side): go on.
  if (await getSession()) redirect(redirectTo);

  if (identityMode() === "clerk") return <ClerkSignIn redirectTo={redirectTo} />;

  return (
    <LocalSignInForm redirectTo={redirectTo} demoUsers={DEMO_USERS.map(({ email, name, description }) => ({ email, name, description }))} />
  );
}
