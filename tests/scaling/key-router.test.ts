// The runtime API's key router (lib/server/scaling/routing.ts): what it asks the control plane's
// key index, and how often. Every API call goes through it, so a lookup per call is a cost per call.
import { describe, expect, it } from "vitest";
import { createKeyRouter, createTenantRouter, type KeyRecord } from "../../lib/server/scaling/routing";

const CONTROL = "http://control.test";
const PLACEMENT = "http://placement.test";
const HASH = "a".repeat(64);

function world(record: KeyRecord) {
  let clock = 1_000_000;
  const lookups: string[] = [];
  const tenants = createTenantRouter({ controlUrl: CONTROL, lookup: async () => record?.route ?? null, now: () => clock });
  const keys = createKeyRouter({
    controlUrl: CONTROL,
    tenants,
    lookup: async (prefix) => {
      lookups.push(prefix);
      return record;
    },
    now: () => clock,
  });
  const call = () =>
    keys.routed(
      HASH,
      async (url) => url,
      () => undefined,
    );
  return { call, lookups, advance: (ms: number) => (clock += ms) };
}

describe("the key router", () => {
  it("asks the index once for an indexed key, then routes it to its placement from the cache", async () => {
    const w = world({
      slug: "acme",
      route: { placement: { kind: "dedicated", deployment: "acme" }, version: 2, deployment: "acme", url: PLACEMENT, usable: true },
    });
    for (let i = 0; i < 20; i++) expect(await w.call()).toBe(PLACEMENT);
    expect(w.lookups).toHaveLength(1);
  });

  it("a key the index does not know goes to the control plane, asked about again only after 5 s", async () => {
    const w = world(null);
    for (let i = 0; i < 20; i++) expect(await w.call()).toBe(CONTROL);
    expect(w.lookups).toHaveLength(1);
    w.advance(5_001);
    expect(await w.call()).toBe(CONTROL);
    expect(w.lookups).toHaveLength(2);
  });
});
