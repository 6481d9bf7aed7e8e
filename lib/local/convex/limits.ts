/**
 * Convex's published per-function limits, enforced with Convex's wording, so
 * code that passes on convex-local does not fail on a real deployment.
 * https://docs.convex.dev/production/state/limits
 */
import type { Value } from "convex/values";
import { convexSizeOfJson } from "./doc-size";

const MiB = 1 << 20;
export const LIMITS = {
  documentsRead: 32_000,
  bytesRead: 16 * MiB,
  documentsWritten: 16_000,
  bytesWritten: 16 * MiB,
  databaseQueries: 4_096,
  functionsScheduled: 1_000,
  executionMs: 1_000,
  searchResults: 1_024,
  documentBytes: 1 * MiB,
  fieldsPerObject: 1_024,
  arrayElements: 8_192,
  nestingDepth: 16,
};

/**
 * A document's shape, as Convex limits it: at most 1 MiB, 1,024 fields in any
 * one object, 8,192 elements in any array, 16 levels of nesting. Checked on
 * every write, so a document a deployment would refuse is refused here too.
 */
export function checkDocumentShape(doc: Value, size: number) {
  if (size > LIMITS.documentBytes)
    throw new Error(`Document is too large (${size} bytes; the limit is ${LIMITS.documentBytes} bytes, 1 MiB).`);
  walkShape(doc, 1, []);
}

/**
 * `at`: the path to `v`, as keys and indexes. Its text ("document.a[3].b") is only built for an error: building
 * it for every field and element cost more than the check (an embedding is 1,536 elements). Module-level, not a
 * closure per call: every write checks its document.
 */
function walkShape(v: Value, depth: number, at: (string | number)[]) {
  if (v === null || typeof v !== "object" || v instanceof ArrayBuffer) return;
  if (depth > LIMITS.nestingDepth)
    throw new Error(`Document is nested too deeply at ${pathText(at)} (limit: ${LIMITS.nestingDepth} levels).`);
  if (Array.isArray(v)) {
    if (v.length > LIMITS.arrayElements)
      throw new Error(`Array at ${pathText(at)} has too many elements (${v.length}; limit: ${LIMITS.arrayElements}).`);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      // Scalars (most elements: numbers of a vector) have nothing to check.
      if (x === null || typeof x !== "object") continue;
      at.push(i);
      walkShape(x, depth + 1, at);
      at.pop();
    }
    return;
  }
  const keys = Object.keys(v);
  if (keys.length > LIMITS.fieldsPerObject)
    throw new Error(`Object at ${pathText(at)} has too many fields (${keys.length}; limit: ${LIMITS.fieldsPerObject}).`);
  for (const k of keys) {
    const x = (v as Record<string, Value>)[k];
    if (x === null || typeof x !== "object") continue;
    at.push(k);
    walkShape(x, depth + 1, at);
    at.pop();
  }
}

function pathText(at: (string | number)[]): string {
  return `document${at.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("")}`;
}

/**
 * Convex counts at most 9 bytes per character of a document's JSON text (a
 * one-character number is 9 bytes; a UTF-16 unit is at most 3 UTF-8 bytes),
 * so rows can be measured lazily until that bound nears the read limit.
 */
const MAX_SIZE_PER_JSON_CHAR = 9;

export class Metrics {
  documentsRead = 0;
  documentsWritten = 0;
  bytesWritten = 0;
  databaseQueries = 0;
  functionsScheduled = 0;
  private measuredBytesRead = 0;
  /** Rows read as stored JSON and not measured yet (measuring every row as it is read would cost the read path). */
  private unmeasured: string[] = [];
  private unmeasuredChars = 0;

  /** Bytes read, as Convex counts them (getConvexSize of each document). */
  get bytesRead(): number {
    if (this.unmeasured.length > 0) {
      for (const json of this.unmeasured) this.measuredBytesRead += convexSizeOfJson(json);
      this.unmeasured = [];
      this.unmeasuredChars = 0;
    }
    return this.measuredBytesRead;
  }

  /** One document read, given as its stored JSON text. */
  readJson(json: string) {
    this.unmeasured.push(json);
    this.unmeasuredChars += json.length;
    this.countRead();
  }

  read(bytes: number) {
    this.measuredBytesRead += bytes;
    this.countRead();
  }

  /** Whether more than `n` bytes were read; measures pending rows only when their bound could exceed `n`. */
  bytesReadOver(n: number): boolean {
    return this.measuredBytesRead + this.unmeasuredChars * MAX_SIZE_PER_JSON_CHAR > n && this.bytesRead > n;
  }

  private countRead() {
    this.documentsRead += 1;
    if (this.documentsRead > LIMITS.documentsRead) {
      throw new Error(
        `Too many documents read in a single function execution (limit: ${LIMITS.documentsRead}). Consider using smaller limits in your queries, paginating your queries, or using indexed queries with a selective index range expressions.`,
      );
    }
    if (this.bytesReadOver(LIMITS.bytesRead)) {
      throw new Error(
        `Too many bytes read in a single function execution (limit: ${LIMITS.bytesRead} bytes). Consider using smaller limits in your queries, paginating your queries, or using indexed queries with a selective index range expressions.`,
      );
    }
  }

  indexRange() {
    this.databaseQueries += 1;
    if (this.databaseQueries > LIMITS.databaseQueries) {
      throw new Error(`Too many reads in a single function execution (limit: ${LIMITS.databaseQueries}).`);
    }
  }

  write(bytes: number) {
    this.documentsWritten += 1;
    this.bytesWritten += bytes;
    if (this.documentsWritten > LIMITS.documentsWritten) {
      throw new Error(`Too many documents written in a single function execution (limit: ${LIMITS.documentsWritten}).`);
    }
    if (this.bytesWritten > LIMITS.bytesWritten) {
      throw new Error(`Too many bytes written in a single function execution (limit: ${LIMITS.bytesWritten} bytes).`);
    }
  }

  /** The write counters, to restore when a nested mutation's writes are rolled back (they no longer count). */
  writeMark(): [documents: number, bytes: number] {
    return [this.documentsWritten, this.bytesWritten];
  }
  rollbackWrites([documents, bytes]: [number, number]) {
    this.documentsWritten = documents;
    this.bytesWritten = bytes;
  }

  schedule() {
    this.functionsScheduled += 1;
    if (this.functionsScheduled > LIMITS.functionsScheduled) {
      throw new Error(`Too many functions scheduled by this mutation (limit: ${LIMITS.functionsScheduled}).`);
    }
  }

  snapshot() {
    return {
      bytesRead: { used: this.bytesRead, remaining: LIMITS.bytesRead - this.bytesRead },
      bytesWritten: { used: this.bytesWritten, remaining: LIMITS.bytesWritten - this.bytesWritten },
      databaseQueries: { used: this.databaseQueries, remaining: LIMITS.databaseQueries - this.databaseQueries },
      documentsRead: { used: this.documentsRead, remaining: LIMITS.documentsRead - this.documentsRead },
      documentsWritten: { used: this.documentsWritten, remaining: LIMITS.documentsWritten - this.documentsWritten },
      functionsScheduled: { used: this.functionsScheduled, remaining: LIMITS.functionsScheduled - this.functionsScheduled },
      scheduledFunctionArgsBytes: { used: 0, remaining: 16 * MiB },
    };
  }
}
