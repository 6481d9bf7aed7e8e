// POST /checkout/portal/[id]/card: the portal stand-in's "update payment method"; failed invoices are retried with the new card.
import { NextResponse } from "next/server";
import { billingErrorResponse } from "@/lib/server/billing/http";
import { updateCard } from "@/lib/server/billing/simulator";
import { deliver } from "@/lib/server/billing/simulator";
import { cardFrom, cardProblemResponse, simulatorRequest } from "@/lib/server/billing/simulator";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const checked = await simulatorRequest(request);
  if (checked instanceof Response) return checked;
  try {
    const outcome = await updateCard(checked.store, (await params).id, cardFrom(checked.body));
    if (!outcome.ok) return cardProblemResponse(outcome.problem);
    await deliver(outcome.events);
    return NextResponse.json({ ok: true });
  } catch (error) {
    return billingErrorResponse(error, "simulator.portal.card");
  }
}
