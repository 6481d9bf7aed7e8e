// The placement policy: override > plan tier > rendezvous hash, and that adding a shard moves only the tenants it must.
import { describe, it, expect } from "vitest";
import {
  choosePlacement,
  dedicatedDeploymentName,
  formatPlacement,
  isDeploymentName,
  parsePlacement,
  PLAN_TIER,
  samePlacement,
  shardFor,
  shardSet,
  type Placement,
} from "../../lib/domain/placement";
import { PLAN_IDS } from "../../lib/domain/plans";

// Ids shaped like Convex document ids; the hash must spread any string, not only these.
const ids = Array.from({ length: 10_000 }, (_, i) => `k17${i.toString(36).padStart(6, "0")}tenant${(i * 7919) % 104729}`);

function assign(shards: string[]) {
  const set = shardSet(shards);
  return ids.map((id) => shardFor(id, set));
}

describe("shardFor (rendezvous hashing)", () => {
  it("is deterministic and independent of the order shards are listed in", () => {
    const a = assign(["main", "shard-2", "shard-3"]);
    const b = assign(["shard-3", "main", "shard-2"]);
    expect(a).toEqual(b);
  });

  it("spreads tenants evenly over shards (within 5% of an equal share)", () => {
    const counts = new Map<string, number>();
    for (const s of assign(["main", "shard-2", "shard-3", "shard-4"])) counts.set(s, (counts.get(s) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(["main", "shard-2", "shard-3", "shard-4"]);
    for (const n of counts.values()) expect(Math.abs(n - 2_500)).toBeLessThan(125);
  });

  it("going from 2 to 3 shards moves about 1/3 of tenants, all to the new shard", () => {
    const before = assign(["main", "shard-2"]);
    const after = assign(["main", "shard-2", "shard-3"]);
    let moved = 0;
    for (let i = 0; i < ids.length; i++) {
      if (before[i] === after[i]) continue;
      moved++;
      // Never between two old shards: a moved tenant can only have gone to the new one.
      expect(after[i]).toBe("shard-3");
    }
    expect(moved / ids.length).toBeGreaterThan(0.3);
    expect(moved / ids.length).toBeLessThan(0.367);
  });

  it("removing a shard moves only that shard's tenants", () => {
    const before = assign(["main", "shard-2", "shard-3"]);
    const after = assign(["main", "shard-3"]);
    for (let i = 0; i < ids.length; i++) {
      if (before[i] !== "shard-2") expect(after[i]).toBe(before[i]);
      else expect(after[i]).not.toBe("shard-2");
    }
  });

  it("refuses an empty or invalid shard set", () => {
    expect(() => shardSet([])).toThrow(/at least one/);
    expect(() => shardSet(["Main"])).toThrow(/Invalid deployment name/);
    expect(() => shardSet(["../etc"])).toThrow(/Invalid deployment name/);
    expect(shardSet(["b", "a", "b"]).names).toEqual(["a", "b"]);
  });
});

describe("choosePlacement", () => {
  const shards = shardSet(["main", "shard-2"]);
  const tenant = { id: "k17abc", slug: "acme", plan: "pro" as const };

  it("puts shared plans on the hashed shard", () => {
    const d = choosePlacement({ tenant, shards });
    expect(d).toEqual({ placement: { kind: "shared", shard: shardFor("k17abc", shards) }, reason: "hash" });
  });

  it("gives enterprise a dedicated deployment named after the slug (seed 002's hybrid tier)", () => {
    const d = choosePlacement({ tenant: { ...tenant, plan: "enterprise" }, shards });
    expect(d).toEqual({ placement: { kind: "dedicated", deployment: "t-acme" }, reason: "plan" });
  });

  it("lets a staff override win over the plan and the hash", () => {
    const override: Placement = { kind: "shared", shard: "main" };
    expect(choosePlacement({ tenant: { ...tenant, plan: "enterprise" }, shards, override })).toEqual({
      placement: override,
      reason: "override",
    });
    expect(() => choosePlacement({ tenant, shards, override: { kind: "dedicated", deployment: "Bad Name" } })).toThrow(
      /Invalid deployment name/,
    );
  });

  it("has a tier for every plan", () => {
    for (const plan of PLAN_IDS) expect(["shared", "dedicated"]).toContain(PLAN_TIER[plan]);
  });
});

describe("notation and names", () => {
  it("round-trips shared:NAME and dedicated:NAME", () => {
    for (const s of ["shared:main", "dedicated:t-acme"]) expect(formatPlacement(parsePlacement(s)!)).toBe(s);
    for (const s of ["shared:", "isolated:main", "shared:Main", "dedicated:a/b", "main"]) expect(parsePlacement(s)).toBeNull();
  });

  it("compares placements by kind and deployment", () => {
    expect(samePlacement({ kind: "shared", shard: "main" }, { kind: "shared", shard: "main" })).toBe(true);
    expect(samePlacement({ kind: "shared", shard: "main" }, { kind: "dedicated", deployment: "main" })).toBe(false);
  });

  it("keeps dedicated names path-safe and bounded", () => {
    const name = dedicatedDeploymentName("a".repeat(60));
    expect(name.length).toBe(48);
    expect(isDeploymentName(name)).toBe(true);
  });
});
