import "server-only";
import Stripe from "stripe";
import { NextResponse } from "next/server";
import { getEnv } from "@/lib/server/env";
import { getConvexToken } from "@/lib/server/auth";
import { badRequest, errorResponse, unexpectedError } from "@/lib/server/errors";
import { BillingError } from "./port";

/**
 * Answers for billing route handlers: the billing provider's refusals keep
 * their message (with the field when there is one), Stripe outages are a 502
 * that says so, and everything else goes through lib/server/errors.ts.
 */
export function billingErrorResponse(error: unknown, where: string): Response {
  if (error instanceof BillingError) {
    const code = error.code === "resource_missing" ? "NOT_FOUND" : "INVALID";
    return errorResponse({ code, message: error.message, ...(error.field ? { field: error.field } : {}) });
  }
  if (error instanceof Stripe.errors.StripeError) {
    console.error(
      JSON.stringify({
        event: "stripe_call_failed",
        where,
        type: error.type,
        code: error.code ?? null,
        requestId: error.requestId ?? null,
      }),
    );
    return NextResponse.json({ code: "BILLING_PROVIDER", message: `Stripe could not complete this: ${error.message}` }, { status: 502 });
  }
  return unexpectedError(error, where);
}

/** Browsers send Origin on POST; one from another site is refused (cookies are SameSite=Lax too). */
export function fromOtherSite(request: Request): boolean {
  const origin = request.headers.get("origin");
  return origin !== null && origin !== new URL(getEnv().appUrl).origin;
}

/** The JSON body, or a 400 naming what is wrong with it. */
export async function jsonBody(request: Request): Promise<Record<string, unknown> | Response> {
  const body: unknown = await request.json().catch(() => undefined);
  if (typeof body !== "object" || body === null || Array.isArray(body)) return badRequest("Send a JSON object.", "body");
  return body as Record<string, unknown>;
}

export const ATTEMPT_KEY = /^[A-Za-z0-9_-]{8,64}$/;

/** The answer to a POST from another site. */
export const otherSiteRefused = () => errorResponse({ code: "FORBIDDEN", message: "Requests from other sites are refused." });

/**
 * The checks every billing action route makes before acting: the request is
 * same-site, the caller is signed in (a Convex token to act with), and the
 * body is a JSON object. Returns the error response otherwise.
 */
export async function billingRequest(request: Request): Promise<{ token: string; body: Record<string, unknown> } | Response> {
  if (fromOtherSite(request)) return otherSiteRefused();
  const token = await getConvexToken();
  if (!token) return errorResponse({ code: "UNAUTHENTICATED", message: "Sign in first." });
  const body = await jsonBody(request);
  if (body instanceof Response) return body;
  return { token, body };
}

/** The body's attempt key (it makes a retried provider call the same call), or a 400 naming it. */
export function attemptKey(body: Record<string, unknown>): string | Response {
  if (typeof body.attempt !== "string" || !ATTEMPT_KEY.test(body.attempt))
    return badRequest("Send an attempt key of 8 to 64 letters, digits, - or _.", "attempt");
  return body.attempt;
}
