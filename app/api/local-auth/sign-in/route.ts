// POST /api/local-auth/sign-in {"email": "..."}: starts a local session and sets its
// cookie. For tests and scripts; people use the /sign-in page. 404 in Clerk mode.
import { z } from "zod";
import { signInLocal } from "@/lib/server/auth/local";
import { signInEmailSchema } from "@/lib/server/auth/local";
import { localIdentityIssuer, noStoreJson, notFoundResponse } from "../guard";

const bodySchema = z.object({ email: signInEmailSchema });

export async function POST(request: Request): Promise<Response> {
  if (!localIdentityIssuer()) return notFoundResponse();
  // JSON only: a cross-site HTML form cannot send application/json without a CORS
  // preflight (which this route never approves), so no one can sign a visitor in as
  // someone else (login CSRF).
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    return noStoreJson({ code: "INVALID", message: 'Send JSON: {"email": "..."}' }, { status: 415 });
  }
  const parsed = bodySchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    return noStoreJson({ code: "INVALID", message: parsed.error.issues[0]?.message ?? "Invalid body" }, { status: 400 });
  }
  const user = await signInLocal(parsed.data.email);
  return noStoreJson(user);
}
