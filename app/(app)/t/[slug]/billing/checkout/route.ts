// POST /t/[slug]/billing/checkout: the owner starts Checkout for a plan; answers { url } for the browser to open.
import { NextResponse } from "next/server";
import { getConvexToken } from "@/lib/auth";
import { badRequest, errorResponse } from "@/lib/errors";
import { ATTEMPT_KEY, billingErrorResponse, fromOtherSite, jsonBody } from "@/lib/billing/http";
import { startCheckout } from "@/lib/billing/owner-actions";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  if (fromOtherSite(request)) return errorResponse({ code: "FORBIDDEN", message: "Requests from other sites are refused." });
  const token = await getConvexToken();
  if (!token) return errorResponse({ code: "UNAUTHENTICATED", message: "Sign in first." });
  const body = await jsonBody(request);
  if (body instanceof Response) return body;
  if (typeof body.plan !== "string") return badRequest("Choose a plan.", "plan");
  if (typeof body.attempt !== "string" || !ATTEMPT_KEY.test(body.attempt)) return badRequest("Send an attempt key of 8 to 64 letters, digits, - or _.", "attempt");
  try {
    return NextResponse.json(await startCheckout({ token, slug: (await params).slug }, body.plan, body.attempt));
  } catch (error) {
    return billingErrorResponse(error, "billing.checkout");
  }
}
