import "server-only";
import { NextResponse } from "next/server";
import { getSession } from "@/lib/server/auth";
import { errorResponse } from "@/lib/server/errors";
import { simulatorStore } from "@/lib/server/billing";
import { fromOtherSite, jsonBody, otherSiteRefused } from "@/lib/server/billing/http";
import type { CardInput, CardProblem } from "./cards";
import type { SimStore } from "./store";

/**
 * The checks every Checkout/Portal stand-in route makes before acting: the
 * simulator is the billing backbone, the request is same-site, someone is
 * signed in, and the body is JSON. Returns the error response otherwise.
 */
export async function simulatorRequest(request: Request): Promise<{ store: SimStore; body: Record<string, unknown> } | Response> {
  const store = simulatorStore();
  if (!store) return errorResponse({ code: "NOT_FOUND", message: "Not found." });
  if (fromOtherSite(request)) return otherSiteRefused();
  if (!(await getSession())) return errorResponse({ code: "UNAUTHENTICATED", message: "Sign in first." });
  const body = await jsonBody(request);
  if (body instanceof Response) return body;
  return { store, body };
}

export function cardFrom(body: Record<string, unknown>): CardInput {
  return { number: String(body.number ?? ""), expiry: String(body.expiry ?? ""), cvc: String(body.cvc ?? "") };
}

/** A refused card: 402 when the card was declined, 422 when what was typed is wrong. */
export function cardProblemResponse(problem: CardProblem): Response {
  const declined = problem.code === "card_declined";
  return NextResponse.json(
    { message: problem.message, field: problem.field, code: declined ? "CARD_DECLINED" : "INVALID" },
    { status: declined ? 402 : 422 },
  );
}
