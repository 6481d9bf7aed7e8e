// POST /t/[slug]/billing/portal: the owner opens the Customer Portal (payment method, invoices); answers { url }.
import { NextResponse } from "next/server";
import { attemptKey, billingErrorResponse, billingRequest } from "@/lib/server/billing/http";
import { ownerDeps, openPortal } from "@/lib/server/billing/owner-actions";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const checked = await billingRequest(request);
  if (checked instanceof Response) return checked;
  const { token, body } = checked;
  const attempt = attemptKey(body);
  if (attempt instanceof Response) return attempt;
  try {
    return NextResponse.json(await openPortal(ownerDeps(token), (await params).slug, attempt));
  } catch (error) {
    return billingErrorResponse(error, "billing.portal");
  }
}
