// POST /checkout/portal/[id]/subscription: the portal stand-in's "cancel at period end" and its undo.
import { NextResponse } from "next/server";
import { badRequest } from "@/lib/server/errors";
import { billingErrorResponse } from "@/lib/server/billing/http";
import { setCancelAtPeriodEnd } from "@/lib/server/billing/simulator";
import { deliver } from "@/lib/server/billing/simulator";
import { simulatorRequest } from "@/lib/server/billing/simulator";

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
