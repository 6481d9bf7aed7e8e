import "server-only";
import Stripe from "stripe";
import { NextResponse } from "next/server";
import { getEnv } from "@/lib/env";
import { badRequest, errorResponse, unexpectedError } from "@/lib/errors";
import { BillingError } from "./port";

/**
 * Answers for billing route handlers: the billing provider's refusals keep
 * their message (with the field when there is one), Stripe outages are a 502
 * that says so, and everything else goes through lib/errors.ts.
 */
export function billingErrorResponse(error: unknown, where: string): Response {
  if (error instanceof BillingError) {
    const code = error.code === "resource_missing" ? "NOT_FOUND" : "INVALID";
    return errorResponse({ code, message: error.message, ...(error.field ? { field: error.field } : {}) });
  }
  if (error instanceof Stripe.errors.StripeError) {
    console.error(JSON.stringify({ event: "stripe_call_failed", where, type: error.type, code: error.code ?? null, requestId: error.requestId ?? null }));
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
