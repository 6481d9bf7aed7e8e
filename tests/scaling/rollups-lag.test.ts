// The Deployments page's "Platform figures" section rendered with React's server renderer (no DOM,
// no Convex): per deployment, when its reports last arrived, the lag of the figures, what is pending.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, it } from "vitest";
import { ReportLagSection } from "@/app/(app)/admin/deployments/report-lag";

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
const now = Date.UTC(2026, 11, 7, 18, 0);
const row = (over: Partial<Parameters<typeof ReportLagSection>[0]["rows"][number]>) => ({
  deployment: "shard-2",
  lastAttemptAt: now - 4_000,
  lastOkAt: now - 4_000,
  asOf: now - 6_000,
  pending: 0,
  applied: 1_234,
  dropped: 0,
  lastError: null,
  ...over,
});

it("shows each deployment's last report, lag, pending reports and error", () => {
  const html = renderToStaticMarkup(
    createElement(ReportLagSection, {
      now,
      rows: [row({}), row({ deployment: "t-acme", lastOkAt: now - 300_000, asOf: null, pending: 3, lastError: "fetch failed" })],
    }),
  );
  const t = text(html);
  expect(t).toContain("shard-2 4 s ago 6 s 0 1,234");
  expect(t).toContain("t-acme 5 min ago catching up 3");
  expect(t).toContain("fetch failed");
  expect(html).toContain('id="reports-t-acme"');
});

it("says so when no deployment has reported", () => {
  expect(text(renderToStaticMarkup(createElement(ReportLagSection, { now, rows: [] })))).toContain("No reports yet");
});
