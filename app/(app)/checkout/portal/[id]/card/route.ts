// POST /checkout/portal/[id]/card: the portal stand-in's "update payment method"; failed invoices are retried with the new card.
import { NextResponse } from "next/server";
import { getSession } from "@/lib/auth";
import { errorResponse } from "@/lib/errors";
import { simulatorStore } from "@/lib/billing";
import { billingErrorResponse, fromOtherSite, jsonBody } from "@/lib/billing/http";
import { updateCard } from "@/lib/billing/simulator/operations";
import { deliver } from "@/lib/billing/simulator/delivery";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const store = simulatorStore();
  if (!store) return errorResponse({ code: "NOT_FOUND", message: "Not found." });
  if (fromOtherSite(request)) return errorResponse({ code: "FORBIDDEN", message: "Requests from other sites are refused." });
  if (!(await getSession())) return errorResponse({ code: "UNAUTHENTICATED", message: "Sign in first." });
  const body = await jsonBody(request);
  if (body instanceof Response) return body;
  try {
    const outcome = await updateCard(store, (await params).id, { number: String(body.number ?? ""), expiry: String(body.expiry ?? ""), cvc: String(body.cvc ?? "") });
    if (!outcome.ok) {
      const declined = outcome.problem.code === "card_declined";
      return NextResponse.json({ message: outcome.problem.message, field: outcome.problem.field, code: declined ? "CARD_DECLINED" : "INVALID" }, { status: declined ? 402 : 422 });
    }
    await deliver(outcome.events);
    return NextResponse.json({ ok: true });
  } catch (error) {
    return billingErrorResponse(error, "simulator.portal.card");
  }
}
