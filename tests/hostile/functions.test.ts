/**
 * The permanent hostile-input suite, Convex side (issue 12): every public
 * function in convex/ (found by importing the modules, as the isolation matrix
 * finds them; a new export is covered by itself), called through
 * convex-local's real client with hostile values derived from its own
 * argument validator (support/values.ts), as the most capable caller (the
 * target tenant's owner, a platform admin, or nobody for server-to-server
 * functions) and in turn as every role of the tenant, a stranger, support
 * staff, a platform admin and nobody. Each call must be refused with a closed
 * error code (support/verdict.ts), and after each function's batch every
 * table, system tables included, must be exactly as before: a refusal writes
 * nothing (denied attempts are recorded by the Next side, not here).
 * Values come from fast-check with a fixed seed, so a run is repeatable.
 */
import fc from "fast-check";
import type { Value } from "convex/values";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkValue, type ValidatorJson } from "../../lib/local/convex/validators";
import { ROLES } from "../../lib/domain/permissions";
import { PORTAL_ENTRIES, type Entry, type World } from "../tenancy/matrix-entries";
import { PLATFORM_ENTRIES } from "../tenancy/matrix-entries-platform";
import { WORKSPACE_ENTRIES } from "../workspace/matrix-entries";
import { publicFunctions } from "../tenancy/support/functions";
import { outcome, startLocal } from "../tenancy/support/local";
import type { SeededTenant, SeededUser } from "../tenancy/support/world";
import { apply, showPath, showValue, slotsOf, validSample, type Slot } from "./support/values";
import { problemWith } from "./support/verdict";
import { diff, hostileWorld, snapshot } from "./support/world";

const FUNCTIONS = publicFunctions();
const ENTRIES: Record<string, Entry> = { ...PORTAL_ENTRIES, ...PLATFORM_ENTRIES, ...WORKSPACE_ENTRIES };
const SEED = 20_261_207;
/** Slots tried per function (all of them when fewer), plus a few cases that combine two slots. */
const MAX_SLOTS = 40;
const COMBINED = 3;
const WRONG_SECRET = "not-the-system-secret-0123456789";

let t: Awaited<ReturnType<typeof startLocal>>;
let world: Awaited<ReturnType<typeof hostileWorld>>;
let w: World;
const counts = { functions: 0, cases: 0, calls: 0, callers: new Set<string>() };

beforeAll(async () => {
  t = await startLocal("hostile");
  world = await hostileWorld(t);
  w = world.w;
}, 120_000);
afterAll(async () => {
  console.log(
    `hostile functions: ${counts.functions} functions, ${counts.cases} hostile cases (${(counts.cases / Math.max(1, counts.functions)).toFixed(1)} per function), ` +
      `each as the most capable caller and in turn one of ${counts.callers.size} callers (${[...counts.callers].join(", ")}) = ${counts.calls} calls`,
  );
  await t?.dispose();
});

/** A small stable number per function name, so each function gets its own (fixed) stream of values. */
const hash = (s: string) => [...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
const sampleOne = <T>(arb: fc.Arbitrary<T>, seed: number): T => fc.sample(arb, { seed, numRuns: 1 })[0];

type Caller = { label: string; user: SeededUser | null };
const handle = (c: Caller) => (c.user ? t.withIdentity({ subject: c.user.externalId, email: c.user.email, name: c.user.externalId }) : t);

describe.each(FUNCTIONS)("$name", ({ name, kind, args: validator }) => {
  it("refuses every hostile argument with a closed error code and writes nothing", async () => {
    // The isolation matrix fails for a function without an entry; here it is still attacked, its door guessed from its arguments.
    const hasSecret = "secret" in ((validator as { value?: object }).value ?? {});
    const entry: Entry = ENTRIES[name] ?? (hasSecret ? { kind: "system" } : { kind: "user", args: () => ({}) });
    const changes = kind !== "query" && (entry.kind === "tenant" || entry.kind === "staff");
    // A function that would change its tenant gets a fresh one, so A stays as the other functions expect it.
    const a: SeededTenant = changes ? await w.freshTenant() : w.A;
    const idFor = (table: string): string =>
      (
        ({
          tenants: a.id,
          agents: a.agentIds[0],
          departments: a.departmentId,
          users: a.users.owner!.id,
          _storage: world.storageId,
        }) as Record<string, string>
      )[table] ?? world.bIdsByTable[table];
    const built = "args" in entry && entry.args ? await entry.args(w, a) : {};
    const base = {
      ...(validSample(validator as ValidatorJson, idFor) as Record<string, Value>),
      ...built,
      ...(entry.kind === "tenant" ? { slug: a.slug } : {}),
      ...(entry.kind === "system" ? { secret: WRONG_SECRET } : {}),
    };
    const primary: Caller =
      entry.kind === "staff"
        ? { label: "platform admin", user: w.staff.admin }
        : entry.kind === "system"
          ? { label: "nobody", user: null }
          : { label: "owner", user: a.users.owner! };
    const others: Caller[] = [
      ...ROLES.map((r) => ({ label: r, user: a.users[r]! })),
      { label: "stranger", user: w.stranger },
      { label: "support staff", user: w.staff.support },
      { label: "platform admin", user: w.staff.admin },
      { label: "nobody", user: null },
    ];
    // Staff act on any tenant by design, so another tenant's ids are no attack on a staff function.
    const all = slotsOf(validator as ValidatorJson, { ...world.foreign, staff: entry.kind === "staff" });
    const seed = SEED + hash(name);
    const chosen: Slot[][] = (
      all.length > MAX_SLOTS ? sampleOne(fc.shuffledSubarray(all, { minLength: MAX_SLOTS, maxLength: MAX_SLOTS }), seed) : all
    ).map((s) => [s]);
    if (all.length > 1)
      for (let i = 0; i < COMBINED; i++) chosen.push(sampleOne(fc.shuffledSubarray(all, { minLength: 2, maxLength: 2 }), seed + 1000 + i));

    let last = await snapshot(t);
    const problems: string[] = [];
    for (const [i, slots] of chosen.entries()) {
      let args: Value = base;
      const parts: string[] = [];
      for (const [k, slot] of slots.entries()) {
        const value = sampleOne(slot.value, seed + i * 17 + k);
        args = apply(args, slot.path, value);
        parts.push(`${slot.category} at ${showPath(slot.path)} = ${showValue(value)}`);
      }
      const label = parts.join(" + ");
      const validatorRefuses = checkValue(validator as ValidatorJson, args, world.tableOfId) !== null;
      const callers = [primary, others[i % others.length]].filter((c, j, list) => list.findIndex((x) => x.label === c.label) === j);
      for (const caller of callers) {
        const o = await outcome(handle(caller), kind, name, args as Record<string, Value>);
        counts.calls++;
        counts.callers.add(caller.label);
        const problem = problemWith(o, validatorRefuses);
        if (problem) problems.push(`as ${caller.label}, ${label}: ${problem}`);
        if (o.ok && kind !== "query") {
          // An accepted write is a finding of its own: name the call that made it.
          const now = await snapshot(t);
          const written = diff(last, now);
          if (written.length) problems.push(`as ${caller.label}, ${label}: accepted and wrote ${written.join("; ")}`);
          last = now;
        }
      }
    }
    counts.functions++;
    counts.cases += chosen.length;
    // Refused calls roll back; this catches what the per-call check cannot see (scheduled work, files, actions).
    const written = diff(last, await snapshot(t));
    if (written.length) problems.push(`writes after refused calls: ${written.join("; ")}`);
    expect(problems, `${name}: ${chosen.length} hostile cases`).toEqual([]);
  }, 120_000);
});
