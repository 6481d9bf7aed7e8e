// POST /t/[slug]/billing/checkout: the owner starts Checkout for a plan; answers { url } for the browser to open.
import { NextResponse } from "next/server";
import { badRequest } from "@/lib/server/errors";
import { attemptKey, billingErrorResponse, billingRequest } from "@/lib/server/billing/http";
import { ownerDeps, startCheckout } from "@/lib/server/billing/owner-actions";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const checked = await billingRequest(request);
  if (checked instanceof Response) return checked;
  const { token, body } = checked;
  if (typeof body.plan !== "string") return badRequest("Choose a plan.", "plan");
  const attempt = attemptKey(body);
  if (attempt instanceof Response) return attempt;
  try {
    return NextResponse.json(await startCheckout(ownerDeps(token), (await params).slug, body.plan, attempt));
  } catch (error) {
    return billingErrorResponse(error, "billing.checkout");
  }
}
