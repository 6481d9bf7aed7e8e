// @vitest-environment edge-runtime
/**
 * The Agents table's search: it reads the agents' search index inside the
 * tenant, with the table's filters in the index, so every page is full and the
 * last one says it is the last, however few agents match.
 */
import { convexTest } from "convex-test";
import { beforeEach, describe, expect, it } from "vitest";
import schema from "../../convex/schema";
import { api } from "../../convex/_generated/api";
import type { ModelId } from "../../lib/domain/plans";
import { addTenant, as, refusal, type T, type Tenant } from "./world";

const modules = import.meta.glob("../../convex/**/*.ts");
let t: T;
let acme: Tenant;

const named = (prefix: string, n: number, model: ModelId = "claude-haiku-4-5") =>
  Array.from({ length: n }, (_, i): [string, ModelId] => [`${prefix} ${i + 1}`, model]);

beforeEach(async () => {
  t = convexTest(schema, modules);
  // 25 matches spread among 75 other agents, so a post-filtered page would come back short or empty.
  const agents = [
    ...named("Billing Bot", 40),
    ...named("Ticket Triage", 20),
    ...named("Release Notes", 35),
    ...named("Triage Escalation", 5, "gpt-4o"),
  ];
  acme = await addTenant(t, "acme", { plan: "enterprise", agents });
  await addTenant(t, "globex", { agents: named("Ticket Triage", 10) });
});

async function allPages(args: { search: string; status?: "active" | "paused"; model?: ModelId }, numItems = 10) {
  const viewer = as(t, acme.users.viewer);
  const pages: string[][] = [];
  let cursor: string | null = null;
  for (;;) {
    const r: { page: { name: string; tenantId: string }[]; isDone: boolean; continueCursor: string } = await viewer.query(
      api.portal.agents.list,
      { slug: "acme", paginationOpts: { numItems, cursor }, ...args },
    );
    expect(r.page.every((a) => a.tenantId === acme.id)).toBe(true);
    pages.push(r.page.map((a) => a.name));
    if (r.isDone) return pages;
    cursor = r.continueCursor;
  }
}

describe("agents search", () => {
  it("pages through every match in full pages, only this tenant's", async () => {
    const pages = await allPages({ search: "triage" });
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    const names = pages.flat();
    expect(new Set(names).size).toBe(25);
    expect(names.every((n) => /triage/i.test(n))).toBe(true);
  });

  it("matches the last word as a prefix, and narrows by the table's filters inside the index", async () => {
    expect((await allPages({ search: "tria" })).flat()).toHaveLength(25);
    expect((await allPages({ search: "triage", model: "gpt-4o" })).flat().sort()).toEqual(
      named("Triage Escalation", 5)
        .map(([n]) => n)
        .sort(),
    );
    const viewer = as(t, acme.users.viewer);
    const none = await viewer.query(api.portal.agents.list, {
      slug: "acme",
      paginationOpts: { numItems: 10, cursor: null },
      search: "triage",
      status: "paused",
    });
    expect(none).toMatchObject({ page: [], isDone: true });
  });

  it("an empty search lists by the sort column; an over-long one is refused, naming the field", async () => {
    const viewer = as(t, acme.users.viewer);
    const first = await viewer.query(api.portal.agents.list, {
      slug: "acme",
      paginationOpts: { numItems: 3, cursor: null },
      search: "   ",
    });
    expect(first.page.map((a) => a.name)).toEqual(["Billing Bot 1", "Billing Bot 10", "Billing Bot 11"]);
    expect(
      await refusal(
        viewer.query(api.portal.agents.list, { slug: "acme", paginationOpts: { numItems: 3, cursor: null }, search: "x".repeat(101) }),
      ),
    ).toMatchObject({ code: "INVALID", field: "search" });
  });
});
