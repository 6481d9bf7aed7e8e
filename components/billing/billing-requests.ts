"use client";

/**
 * The Billing page's two server requests (route handlers next to the page):
 * start Checkout for a plan, open the Customer Portal. Each click carries a
 * fresh attempt key, which becomes the Stripe idempotency key, so a double
 * submit opens the same session. Errors come back as { code, message, field }.
 */
export type BillingRequestError = { code: string; message: string; field?: string };
export type BillingRequestResult = { ok: true; url: string } | { ok: false; error: BillingRequestError };

async function post(path: string, body: Record<string, unknown>): Promise<BillingRequestResult> {
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...body, attempt: crypto.randomUUID() }),
      credentials: "same-origin",
    });
    const data = (await response.json().catch(() => null)) as { url?: string; code?: string; message?: string; field?: string } | null;
    if (response.ok && data?.url) return { ok: true, url: data.url };
    return {
      ok: false,
      error: {
        code: data?.code ?? String(response.status),
        message: data?.message ?? "Something went wrong on our side. Try again in a moment.",
        ...(data?.field ? { field: data.field } : {}),
      },
    };
  } catch {
    return { ok: false, error: { code: "NETWORK", message: "Could not reach the server. Check your connection and try again." } };
  }
}

export const requestCheckout = (slug: string, plan: string) => post(`/t/${slug}/billing/checkout`, { plan });
export const requestPortal = (slug: string) => post(`/t/${slug}/billing/portal`, {});
