// POST /checkout/portal/[id]/subscription: the portal stand-in's "cancel at period end" and its undo.
import { NextResponse } from "next/server";
import { getSession } from "@/lib/auth";
import { badRequest, errorResponse } from "@/lib/errors";
import { simulatorStore } from "@/lib/billing";
import { billingErrorResponse, fromOtherSite, jsonBody } from "@/lib/billing/http";
import { setCancelAtPeriodEnd } from "@/lib/billing/simulator/operations";
import { deliver } from "@/lib/billing/simulator/delivery";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const store = simulatorStore();
  if (!store) return errorResponse({ code: "NOT_FOUND", message: "Not found." });
  if (fromOtherSite(request)) return errorResponse({ code: "FORBIDDEN", message: "Requests from other sites are refused." });
  if (!(await getSession())) return errorResponse({ code: "UNAUTHENTICATED", message: "Sign in first." });
  const body = await jsonBody(request);
  if (body instanceof Response) return body;
  if (typeof body.subscriptionId !== "string") return badRequest("Name the subscription.", "subscriptionId");
  if (typeof body.cancel !== "boolean") return badRequest("Say whether to cancel (true or false).", "cancel");
  try {
    await deliver(await setCancelAtPeriodEnd(store, (await params).id, body.subscriptionId, body.cancel));
    return NextResponse.json({ ok: true });
  } catch (error) {
    return billingErrorResponse(error, "simulator.portal.subscription");
  }
}
