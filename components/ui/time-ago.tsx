import { timeAgo } from "@/lib/domain/format";

/**
 * "2 min ago", with the exact time on hover. The server renders it and the browser renders it
 * again when hydrating, a moment later: across a minute boundary the two texts differ, and React
 * treats a text mismatch as a failed hydration (it re-renders the page's boundary from scratch,
 * and a click made meanwhile is lost). The server's text stands until the next render.
 */
export function TimeAgo({ ms }: { ms: number }) {
  return (
    <time dateTime={new Date(ms).toISOString()} title={new Date(ms).toISOString()} suppressHydrationWarning>
      {timeAgo(ms)}
    </time>
  );
}
