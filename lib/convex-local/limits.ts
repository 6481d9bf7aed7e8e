/**
 * Convex's published per-function limits, enforced with Convex's wording, so
 * code that passes on convex-local does not fail on a real deployment.
 * https://docs.convex.dev/production/state/limits
 */
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
};

export class Metrics {
  documentsRead = 0;
  bytesRead = 0;
  documentsWritten = 0;
  bytesWritten = 0;
  databaseQueries = 0;
  functionsScheduled = 0;

  read(bytes: number) {
    this.documentsRead += 1;
    this.bytesRead += bytes;
    if (this.documentsRead > LIMITS.documentsRead) {
      throw new Error(
        `Too many documents read in a single function execution (limit: ${LIMITS.documentsRead}). Consider using smaller limits in your queries, paginating your queries, or using indexed queries with a selective index range expressions.`,
      );
    }
    if (this.bytesRead > LIMITS.bytesRead) {
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
