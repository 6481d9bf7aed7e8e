/**
 * Forged page cursors. A cursor is the caller's input like any other. A
 * deployment refuses one that did not come from the list it is sent to;
 * convex-local (lib/local/convex/query-engine.ts paginate) decodes it into a
 * raw index key and starts the page there, outside the query's range: an
 * undecodable cursor ("éééé" decodes to nothing) starts at the first key of
 * the whole store. Row-level security keeps tenant functions to their own
 * rows, but a staff function paging the raw database answered other tables'
 * rows, other tenants' included (admin/export:page exported B's rows as A's).
 * Every public function whose validator takes a cursor (found as the matrix
 * finds functions) is called with such cursors by its most capable caller:
 * the answer is a closed one (never a crash), and a call about tenant A
 * holds nothing of B.
 */
import type { Value } from "convex/values";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PORTAL_ENTRIES, type Entry, type World } from "../tenancy/matrix-entries";
import { PLATFORM_ENTRIES } from "../tenancy/matrix-entries-platform";
import { WORKSPACE_ENTRIES } from "../workspace/matrix-entries";
import { publicFunctions } from "../tenancy/support/functions";
import { outcome, show, startLocal, SYSTEM_SECRET } from "../tenancy/support/local";
import { matrixWorld } from "../tenancy/support/matrix-world";

const ENTRIES: Record<string, Entry> = { ...PORTAL_ENTRIES, ...PLATFORM_ENTRIES, ...WORKSPACE_ENTRIES };
type Fields = Record<string, { fieldType: { type: string } }>;
const fieldsOf = (args: unknown) => (args as { value?: Fields }).value ?? {};
/** Where the function takes its cursor: top-level `cursor`, or Convex's `paginationOpts.cursor`. */
const FUNCTIONS = publicFunctions().filter((f) => "cursor" in fieldsOf(f.args) || "paginationOpts" in fieldsOf(f.args));
/** Undecodable (an empty key: the start of the store), all zero bytes, and past every key. */
const FORGED = ["éééé", "AAAA", "_w_w_w_w"];

let t: Awaited<ReturnType<typeof startLocal>>;
let w: World;
let bMarkers: string[];

beforeAll(async () => {
  t = await startLocal("hostile-cursors");
  ({ w, bMarkers } = await matrixWorld(t));
}, 120_000);
afterAll(async () => t?.dispose());

it("finds the paginated functions", () => expect(FUNCTIONS.length).toBeGreaterThan(5));

/**
 * The runtime API's lists take their cursor inside the free-form body (`input.cursor`, which
 * a validator cannot show): the ones whose body accepts a cursor (convex/workspace, objectX).
 */
const RUNTIME_LISTS = [
  "workspace/memories:list",
  "workspace/tasks:list",
  "workspace/missions:list",
  "workspace/conversations:list",
  "workspace/conversations:history",
];
describe.each(RUNTIME_LISTS)("%s", (name) => {
  it.each(FORGED)("a forged input.cursor %j with A's key: a closed answer with nothing of B", async (cursor) => {
    const entry = ENTRIES[name];
    const built = (await entry.args!(w, w.A)) as Record<string, Value>;
    const o = await outcome(t, "mutation", name, {
      ...built,
      input: { ...(built.input as Record<string, Value>), cursor },
      secret: SYSTEM_SECRET,
    });
    // The door answers refusals as data ({ ok: false, error }), so both shapes are read as text.
    const text = o.ok ? JSON.stringify(o.value) : o.text;
    expect(o.ok || o.code !== "ERROR", show(o)).toBe(true);
    expect(text, show(o)).not.toMatch(/Unknown field/);
    expect(
      bMarkers.filter((m) => text.includes(m)),
      `leak: ${show(o)}`,
    ).toEqual([]);
  });
});

describe.each(FUNCTIONS)("$name", ({ name, kind, args }) => {
  it.each(FORGED)("a forged cursor %j: a closed answer, and nothing of B when the call is about A", async (cursor) => {
    const entry = ENTRIES[name];
    // A system function (the Next server's, behind the secret) is called as the server, with arguments naming tenant A.
    if (entry?.kind === "system") {
      expect(entry.args, `${name}: a system function that pages needs matrix args naming tenant A`).toBeDefined();
      const built = (await entry.args!(w, w.A)) as Record<string, Value>;
      const o = await outcome(t, kind, name, { ...built, cursor, secret: SYSTEM_SECRET });
      expect(o.ok || o.code !== "ERROR", show(o)).toBe(true);
      const text = o.ok ? JSON.stringify(o.value) : o.text;
      expect(
        bMarkers.filter((m) => text.includes(m)),
        `leak: ${show(o)}`,
      ).toEqual([]);
      return;
    }
    expect(entry && entry.kind !== "identity", `${name} has a matrix entry with a caller`).toBe(true);
    if (!entry || entry.kind === "identity") return;
    const built = { ...(await entry.args(w, w.A)), ...(entry.kind === "tenant" ? { slug: w.A.slug } : {}) } as Record<string, Value>;
    const paged = "paginationOpts" in fieldsOf(args);
    const call = paged
      ? { ...built, paginationOpts: { ...(built.paginationOpts as Record<string, Value>), cursor } }
      : { ...built, cursor };
    const caller = entry.kind === "staff" ? w.staff.admin : w.A.users.owner!;
    const o = await outcome(t.withIdentity({ subject: caller.externalId, email: caller.email, name: caller.externalId }), kind, name, call);
    // Never a crash; a real deployment refuses such a cursor, convex-local may still answer a page (see above).
    expect(o.ok || o.code !== "ERROR", show(o)).toBe(true);
    // A call about tenant A (its door, or a staff call naming A) answers nothing of B, whatever the cursor.
    const aboutA = entry.kind === "tenant" || Object.values(built).some((x) => x === w.A.id || x === w.A.slug);
    const text = o.ok ? JSON.stringify(o.value) : o.text;
    if (aboutA)
      expect(
        bMarkers.filter((m) => text.includes(m)),
        `leak: ${show(o)}`,
      ).toEqual([]);
  });
});
