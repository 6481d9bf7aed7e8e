/**
 * How a failed function reaches a client: the message, and for a thrown
 * ConvexError its data, exactly as a deployment's HTTP and sync APIs carry them.
 */
import type { JSONValue } from "convex/values";

export class FunctionFailure extends Error {
  constructor(
    message: string,
    readonly errorData: JSONValue | undefined,
    readonly logLines: string[],
  ) {
    super(message);
  }
}

/** Raised before a function runs (unknown path, bad args): the request's fault. */
export class RequestError extends Error {}

export function toFailure(thrown: unknown, requestId: string, logLines: string[]): FunctionFailure {
  if (thrown instanceof FunctionFailure) return thrown;
  if (thrown instanceof RequestError) return new FunctionFailure(thrown.message, undefined, logLines);
  const e = thrown as { message?: string; name?: string; data?: unknown; ConvexErrorSymbol?: symbol };
  const isConvexError = typeof thrown === "object" && thrown !== null && Symbol.for("ConvexError") in thrown;
  if (isConvexError) {
    const data = typeof e.data === "string" ? (JSON.parse(e.data) as JSONValue) : ((e.data ?? null) as JSONValue);
    return new FunctionFailure(`[Request ID: ${requestId}] Server Error\nUncaught ConvexError: ${e.message}`, data, logLines);
  }
  const name = e?.name && e.name !== "Error" ? e.name : "Error";
  return new FunctionFailure(
    `[Request ID: ${requestId}] Server Error\nUncaught ${name}: ${e?.message ?? String(thrown)}`,
    undefined,
    logLines,
  );
}
