"use client";

import { toast } from "@/components/ui/use-toast";
import { appErrorOf } from "@/lib/domain/errors";

/**
 * What a failed Convex call means for the person who made it. Convex carries
 * our AppErrorData ({ code, message, field }) intact, read by the one decoder
 * (lib/domain/errors.ts); anything else is an unexpected failure and gets a
 * generic line (the details are in the logs).
 */
export type CallError = { code: string; message: string; field?: string };

export function callError(error: unknown): CallError {
  const known = appErrorOf(error);
  if (known) return { code: known.code, message: known.message, ...(known.field ? { field: known.field } : {}) };
  if (error instanceof TypeError) return { code: "NETWORK", message: "Could not reach the server. Check your connection and try again." };
  return { code: "UNEXPECTED", message: "Something went wrong on our side. Try again in a moment." };
}

/**
 * Runs a write and reports it: a success toast that says what happened, or the
 * error (returned so a form can put a field's message next to that field).
 */
export async function attempt<T>(
  run: () => Promise<T>,
  success: string | ((result: T) => string),
): Promise<{ ok: true; value: T } | { ok: false; error: CallError }> {
  try {
    const value = await run();
    toast({ title: typeof success === "function" ? success(value) : success, variant: "success" });
    return { ok: true, value };
  } catch (e) {
    const error = callError(e);
    toast({ title: error.code === "QUOTA_EXCEEDED" ? "Quota reached" : "Not saved", description: error.message, variant: "destructive" });
    return { ok: false, error };
  }
}
