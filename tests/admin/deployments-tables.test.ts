// The Deployments page's tables rendered for real with React's server renderer (no DOM, no
// Convex): a failed move shows what staff need to act on it, and the control plane's row reads right.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, it } from "vitest";
import { DeploymentsTable } from "@/components/admin/deployments/deployments-table";
import { MovesTable } from "@/components/admin/deployments/moves-table";

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

it("a failed move shows its tenant, route, phase and status, rows copied, start and error", () => {
  const move = {
    id: "m1",
    slug: "acme",
    from: "shared:main",
    to: "dedicated:acme",
    phase: "copy",
    status: "failed" as const,
    reverse: false,
    copiedRows: 12_345,
    error: "target closed",
    startedAt: Date.UTC(2026, 11, 7, 17, 0),
    updatedAt: Date.UTC(2026, 11, 7, 17, 5),
  };
  const html = renderToStaticMarkup(createElement(MovesTable, { moves: [move] }));
  expect(html).toContain('href="/admin/tenants/acme"');
  const row = text(html);
  expect(row).toContain("shared:main → dedicated:acme");
  expect(row).toMatch(/copy · failed/);
  expect(row).toContain("12,345");
  expect(row).toContain("target closed");
  expect(row).toContain("2026");
});

it("the control plane's row says where it answers without a URL, and a capped count ends in +", () => {
  const main = {
    name: "main",
    kind: "shared" as const,
    url: null,
    provider: null,
    status: "ready" as const,
    createdAt: null,
    dedicatedTo: null,
    tenants: 1_000,
    tenantsCapped: true,
  };
  const row = text(renderToStaticMarkup(createElement(DeploymentsTable, { deployments: [main] })));
  expect(row).toMatch(/main shared ready this control plane 1,000\+/);
});
