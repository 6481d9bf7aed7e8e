// POST /checkout/[id]/pay: the Checkout stand-in's Pay button. Declined cards change nothing; paying delivers Stripe's events first.
import { NextResponse } from "next/server";
import { badRequest } from "@/lib/server/errors";
import { billingErrorResponse } from "@/lib/server/billing/http";
import { completeCheckout } from "@/lib/server/billing/simulator";
import { deliver } from "@/lib/server/billing/simulator";
import { cardFrom, cardProblemResponse, simulatorRequest } from "@/lib/server/billing/simulator";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const checked = await simulatorRequest(request);
  if (checked instanceof Response) return checked;
  const card = cardFrom(checked.body);
  if (!card.number.trim()) return badRequest("Enter the card number.", "number");
  try {
    const outcome = await completeCheckout(checked.store, (await params).id, card);
    if (!outcome.ok) return cardProblemResponse(outcome.problem);
    // Stripe sends these asynchronously; delivering them first means the Billing page opens up to date.
    await deliver(outcome.events);
    return NextResponse.json({ url: outcome.successUrl });
  } catch (error) {
    return billingErrorResponse(error, "simulator.checkout.pay");
  }
}
