"use server";

import { redirect } from "next/navigation";
import { identityMode, safeRedirectPath } from "./index";
import { signInLocal, signOutLocal } from "../../local/identity/adapter";
import { signInEmailSchema } from "../../local/identity/directory";

/** State of the local sign-in form (useActionState). */
export type SignInState = { error: string | null; email: string };

/**
 * Server action behind the local sign-in page. Server actions are POSTs that Next checks
 * against the page's Origin, so this cannot be driven cross-site (login CSRF).
 */
export async function signInWithEmail(_previous: SignInState, form: FormData): Promise<SignInState> {
  // Demo-user buttons send `as`; the text field sends `email`.
  const raw = String(form.get("as") || form.get("email") || "");
  if (identityMode() !== "local") {
    return { error: "This deployment signs in with Clerk.", email: raw };
  }
  const parsed = signInEmailSchema.safeParse(raw);
  if (!parsed.success) {
    return { error: parsed.error.issues[0]?.message ?? "Enter a valid email address", email: raw };
  }
  await signInLocal(parsed.data);
  redirect(safeRedirectPath(form.get("redirect_url")));
}

/** Ends a local session server-side and returns to sign-in. Clerk signs out in the browser. */
export async function signOut(): Promise<void> {
  if (identityMode() === "local") await signOutLocal();
  redirect("/sign-in");
}
