// POST /api/billing/simulator: staff billing controls for a tenant (end the period, cancel, redeliver a stored event). Admins only.
import { NextResponse } from "next/server";
import { badRequest } from "@/lib/server/errors";
import { billingErrorResponse, billingRequest } from "@/lib/server/billing/http";
import { cancelSubscription, endBillingPeriod, redeliverEvent } from "@/lib/server/billing/staff-actions";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const checked = await billingRequest(request);
  if (checked instanceof Response) return checked;
  const { token, body } = checked;
  const slug = typeof body.slug === "string" ? body.slug : null;
  try {
    switch (body.action) {
      case "end_period":
        if (!slug) return badRequest("Name the tenant (slug).", "slug");
        return NextResponse.json(await endBillingPeriod(token, slug, body.failPayment === true));
      case "cancel":
        if (!slug) return badRequest("Name the tenant (slug).", "slug");
        return NextResponse.json(await cancelSubscription(token, slug));
      case "redeliver":
        if (typeof body.eventId !== "string" || !/^evt_\w+$/.test(body.eventId))
          return badRequest("Name a stored event (evt_...).", "eventId");
        return NextResponse.json(await redeliverEvent(token, body.eventId));
      default:
        return badRequest('Choose an action: "end_period", "cancel" or "redeliver".', "action");
    }
  } catch (error) {
    return billingErrorResponse(error, `billing.simulator.${String(body.action)}`);
  }
}
