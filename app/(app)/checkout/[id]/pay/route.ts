// POST /checkout/[id]/pay: the Checkout stand-in's Pay button. Declined cards change nothing; paying delivers Stripe's events first.
import { NextResponse } from "next/server";
import { getSession } from "@/lib/auth";
import { badRequest, errorResponse } from "@/lib/errors";
import { simulatorStore } from "@/lib/billing";
import { billingErrorResponse, fromOtherSite, jsonBody } from "@/lib/billing/http";
import { completeCheckout } from "@/lib/billing/simulator/operations";
import { deliver } from "@/lib/billing/simulator/delivery";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const store = simulatorStore();
  if (!store) return errorResponse({ code: "NOT_FOUND", message: "Not found." });
  if (fromOtherSite(request)) return errorResponse({ code: "FORBIDDEN", message: "Requests from other sites are refused." });
  if (!(await getSession())) return errorResponse({ code: "UNAUTHENTICATED", message: "Sign in first." });
  const body = await jsonBody(request);
  if (body instanceof Response) return body;
  const card = { number: String(body.number ?? ""), expiry: String(body.expiry ?? ""), cvc: String(body.cvc ?? "") };
  if (!card.number.trim()) return badRequest("Enter the card number.", "number");
  try {
    const outcome = await completeCheckout(store, (await params).id, card);
    if (!outcome.ok) {
      const declined = outcome.problem.code === "card_declined";
      return NextResponse.json({ message: outcome.problem.message, field: outcome.problem.field, code: declined ? "CARD_DECLINED" : "INVALID" }, { status: declined ? 402 : 422 });
    }
    // Stripe sends these asynchronously; delivering them first means the Billing page opens up to date.
    await deliver(outcome.events);
    return NextResponse.json({ url: outcome.successUrl });
  } catch (error) {
    return billingErrorResponse(error, "simulator.checkout.pay");
  }
}
