"use client";

import { useState } from "react";
import type * as React from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/**
 * Card number, expiry and CVC, as the simulator's Checkout and portal stand-ins
 * ask for them. The server checks everything; its message lands next to the
 * field it is about (or above the button for a declined card).
 */
export type CardResult = { ok: true; url?: string } | { ok: false; message: string; field?: string };

export function CardFields({
  submitLabel,
  onSubmit,
}: {
  submitLabel: string;
  onSubmit: (card: { number: string; expiry: string; cvc: string }) => Promise<CardResult>;
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);

  async function submit(form: FormData) {
    setPending(true);
    setError(null);
    const result = await onSubmit({
      number: String(form.get("number") ?? ""),
      expiry: String(form.get("expiry") ?? ""),
      cvc: String(form.get("cvc") ?? ""),
    });
    if (result.ok && result.url) return window.location.assign(result.url);
    setPending(false);
    if (!result.ok) setError({ message: result.message, field: result.field });
  }

  const fieldError = (field: string) => (error?.field === field ? error.message : null);
  const field = (name: string, label: string, props: React.ComponentProps<typeof Input>) => (
    <div className="space-y-1.5">
      <Label htmlFor={`card-${name}`}>{label}</Label>
      <Input
        id={`card-${name}`}
        name={name}
        aria-invalid={fieldError(name) ? true : undefined}
        aria-describedby={fieldError(name) ? `card-${name}-error` : undefined}
        required
        {...props}
      />
      {fieldError(name) && (
        <p id={`card-${name}-error`} role="alert" className="text-sm text-destructive">
          {fieldError(name)}
        </p>
      )}
    </div>
  );

  return (
    // onSubmit rather than a form action: React resets a form after its action, and a refused card should stay typed in.
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit(new FormData(event.currentTarget));
      }}
      className="space-y-4"
      noValidate
    >
      {field("number", "Card number", { inputMode: "numeric", autoComplete: "cc-number", placeholder: "4242 4242 4242 4242" })}
      <div className="grid grid-cols-2 gap-4">
        {field("expiry", "Expiry (MM / YY)", { autoComplete: "cc-exp", placeholder: "12 / 34" })}
        {field("cvc", "CVC", { inputMode: "numeric", autoComplete: "cc-csc", placeholder: "123" })}
      </div>
      {error && !["number", "expiry", "cvc"].includes(error.field ?? "") && (
        <p role="alert" className="text-sm text-destructive">
          {error.message}
        </p>
      )}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Processing…" : submitLabel}
      </Button>
    </form>
  );
}

/** Posts a card to one of the stand-ins' route handlers and reads the answer. */
export async function postCard(path: string, card: Record<string, string | boolean>): Promise<CardResult> {
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(card),
      credentials: "same-origin",
    });
    const body = (await response.json().catch(() => ({}))) as { url?: string; message?: string; field?: string };
    if (response.ok) return { ok: true, url: body.url };
    return { ok: false, message: body.message ?? "Something went wrong on our side. Try again.", field: body.field };
  } catch {
    return { ok: false, message: "Could not reach the server. Check your connection and try again." };
  }
}
