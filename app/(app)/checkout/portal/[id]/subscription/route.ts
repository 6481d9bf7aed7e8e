// POST /checkout/portal/[id]/subscription: the portal stand-in's "cancel at period end" and its undo.
import { NextResponse } from "next/server";
import { badRequest } from "@/lib/errors";
import { billingErrorResponse } from "@/lib/billing/http";
import { setCancelAtPeriodEnd } from "@/lib/billing/simulator/operations";
import { deliver } from "@/lib/billing/simulator/delivery";
import { simulatorRequest } from "@/lib/billing/simulator/request";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const checked = await simulatorRequest(request);
  if (checked instanceof Response) return checked;
  const { store, body } = checked;
  if (typeof body.subscriptionId !== "string") return badRequest("Name the subscription.", "subscriptionId");
  if (typeof body.cancel !== "boolean") return badRequest("Say whether to cancel (true or false).", "cancel");
  try {
    await deliver(await setCancelAtPeriodEnd(store, (await params).id, body.subscriptionId, body.cancel));
    return NextResponse.json({ ok: true });
  } catch (error) {
    return billingErrorResponse(error, "simulator.portal.subscription");
  }
}
