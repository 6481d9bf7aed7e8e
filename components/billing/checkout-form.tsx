"use client";

import { CardFields, postCard } from "./card-fields";

/** The Checkout stand-in's payment form: pay, or read why the card was refused. */
export function CheckoutForm({ sessionId, amount }: { sessionId: string; amount: string }) {
  return <CardFields submitLabel={`Subscribe · ${amount} / month`} onSubmit={(card) => postCard(`/checkout/${sessionId}/pay`, card)} />;
}
