/**
 * Property: random sequences of agent, team and dashboard operations by
 * random users (members with each role, a user in two tenants, a stranger,
 * support staff) over five fresh tenants per run, through convex-local's real
 * client. After every step: the answer is the one the rules give
 * (support/model.ts), no result holds anything of a tenant other than the one
 * named, and every counter equals the rows it counts.
 */
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MODEL_IDS } from "../../lib/domain/plans";
import { outcome, show, startLocal } from "./support/local";
import { addMembership, seedTenant, seedUser, type Ctx, type SeededTenant, type SeededUser } from "./support/world";
import { argsFor, expectedAnswer, OPS, walk, type ModelTenant, type ModelUser, type Op, type OpKind } from "./support/model";
import type { Doc, Id } from "../../convex/_generated/dataModel";
import type { Role } from "../../lib/domain/permissions";

let t: Awaited<ReturnType<typeof startLocal>>;
let run = 0;
beforeAll(async () => void (t = await startLocal("property")));
afterAll(async () => t?.dispose());

const SPECS = [
  { plan: "pro", roles: ["owner", "admin", "member", "viewer"], agents: 2 },
  // Already at its agent quota: a creation fails until a removal frees a slot.
  { plan: "starter", roles: ["owner", "member"], agents: 2, agentQuota: 2 },
  { plan: "enterprise", roles: ["owner", "viewer"], agents: 1 },
  { plan: "starter", roles: ["admin", "member"], agents: 1 },
  { plan: "pro", roles: ["owner", "member"], agents: 1, status: "suspended" },
] as const;

/** The database's view of each tenant: memberships (user key -> id, role), agent rows and the counters row. */
async function facts(ids: Id<"tenants">[]) {
  type Row = { members: [string, { id: string; role: Role }][]; agents: string[]; counters: Doc<"tenantCounters"> };
  const rows: Row[] = await t.query(async (ctx: Ctx) =>
    Promise.all(
      ids.map(async (id) => {
        const memberships = await ctx.db
          .query("memberships")
          .withIndex("by_tenant_user", (q) => q.eq("tenantId", id))
          .collect();
        return {
          members: await Promise.all(
            memberships.map(async (m) => [(await ctx.db.get(m.userId))!.externalId, { id: m._id as string, role: m.role }] as const),
          ),
          agents: (
            await ctx.db
              .query("agents")
              .withIndex("by_tenant", (q) => q.eq("tenantId", id))
              .collect()
          ).map((a) => a._id as string),
          counters: (await ctx.db
            .query("tenantCounters")
            .withIndex("by_tenant", (q) => q.eq("tenantId", id))
            .unique())!,
        };
      }),
    ),
  );
  // Maps and sets only outside the function: Convex values are JSON-like.
  return rows.map((r) => ({ ...r, members: new Map(r.members), agents: new Set(r.agents) }));
}

/** Five fresh tenants, their users, a user in two tenants (owner of 0, viewer of 2), a stranger and support staff. */
async function world() {
  const p = `p${++run}`;
  const users: (SeededUser & ModelUser)[] = [];
  const seeded: SeededTenant[] = [];
  for (const [i, s] of SPECS.entries()) {
    seeded.push(
      await seedTenant(t, {
        slug: `${p}-t${i}`,
        name: `${p} Tenant ${i}`,
        plan: s.plan,
        roles: [...s.roles],
        usageEvents: 3,
        agents: Array.from({ length: s.agents }, (_, k) => [`${p} agent ${i}.${k}`, "claude-haiku-4-5"]),
        ...("agentQuota" in s ? { quotaOverrides: { agents: s.agentQuota } } : {}),
        ...("status" in s ? { status: s.status } : {}),
      }),
    );
    for (const u of Object.values(seeded[i].users)) users.push({ ...u, key: u.externalId, staff: false });
  }
  const roamer = await seedUser(t, `${p}-roamer`);
  await addMembership(t, seeded[0].id, roamer.id, "owner");
  await addMembership(t, seeded[2].id, roamer.id, "viewer");
  users.push({ ...roamer, key: roamer.externalId, staff: false });
  users.push({ ...(await seedUser(t, `${p}-stranger`)), key: `${p}-stranger`, staff: false });
  users.push({ ...(await seedUser(t, `${p}-support`, "support")), key: `${p}-support`, staff: true });
  const now = await facts(seeded.map((s) => s.id));
  const tenants: ModelTenant[] = SPECS.map((s, i) => ({
    id: seeded[i].id,
    slug: seeded[i].slug,
    plan: s.plan,
    status: "status" in s ? s.status : "active",
    agentQuota: "agentQuota" in s ? s.agentQuota : undefined,
    members: now[i].members,
    agents: now[i].agents,
  }));
  return {
    tenants,
    users,
    agentPool: tenants.flatMap((x) => [...x.agents]),
    memberPool: tenants.flatMap((x) => [...x.members.values()].map((m) => m.id)),
  };
}

const opArb: fc.Arbitrary<Op> = fc.record({
  // Creations weigh more, so quotas get reached within a run.
  kind: fc.oneof(
    { arbitrary: fc.constant<OpKind>("create"), weight: 2 },
    { arbitrary: fc.constantFrom(...(Object.keys(OPS) as OpKind[])), weight: 8 },
  ),
  user: fc.nat(),
  tenant: fc.nat(),
  pick: fc.nat(),
  // Three in four calls stay home and pick their own tenant's rows, so the rules past the door get exercised too.
  home: fc.nat({ max: 3 }).map((n) => n > 0),
  own: fc.nat({ max: 3 }).map((n) => n > 0),
  name: fc.oneof(
    { arbitrary: fc.string({ minLength: 1, maxLength: 12 }), weight: 5 },
    { arbitrary: fc.constantFrom("", "   ", "x".repeat(81)), weight: 1 },
  ),
  model: fc.constantFrom(...MODEL_IDS),
});

it("random operations by random users over five tenants keep isolation and counters exact", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40, size: "medium" }), async (ops) => {
      const w = await world();
      const owner = new Map<string, string>(
        w.tenants.flatMap((x) =>
          [x.id, ...x.agents, ...[...x.members.values()].map((m) => m.id)].map((id) => [id, x.id] as [string, string]),
        ),
      );
      for (const op of ops) {
        const user = w.users[op.user % w.users.length];
        const homes = w.tenants.filter((x) => x.members.has(user.key));
        const tenant = op.home && homes.length ? homes[op.tenant % homes.length] : w.tenants[op.tenant % w.tenants.length];
        const pickFrom = <T>(own: T[], all: T[]) => (op.own && own.length ? own[op.pick % own.length] : all[op.pick % all.length]);
        const target = {
          agentId: pickFrom([...tenant.agents], w.agentPool),
          membershipId: pickFrom(
            [...tenant.members.values()].map((m) => m.id),
            w.memberPool,
          ),
        };
        const expected = expectedAnswer(op, user, tenant, target);
        const o = await outcome(
          t.withIdentity({ subject: user.externalId, email: user.email }),
          OPS[op.kind].kind,
          OPS[op.kind].fn,
          argsFor(op, tenant, target) as never,
        );
        const label = `${user.key} ${op.kind} on ${tenant.slug}: ${show(o)}`;
        expect(o.ok ? "ok" : o.code, label).toBe(expected);
        if (o.ok) {
          // Results answer for the named tenant only; listMine for the caller's own tenants only.
          const allowed = new Set(op.kind === "listMine" ? homes.map((x) => x.id as string) : [tenant.id]);
          walk(
            o.value,
            (s) => expect(!owner.has(s) || allowed.has(owner.get(s)!), `${label} holds ${s}`).toBe(true),
            (d) => expect(allowed.has(d.tenantId as string), label).toBe(true),
          );
          if (op.kind === "create") {
            tenant.agents.add(o.value as string);
            owner.set(o.value as string, tenant.id);
            w.agentPool.push(o.value as string);
          }
          if (op.kind === "remove") tenant.agents.delete(target.agentId);
          if (op.kind === "removeMember") tenant.members = new Map([...tenant.members].filter(([, m]) => m.id !== target.membershipId));
          if (op.kind === "leave") tenant.members.delete(user.key);
          if (op.kind === "list") expect(new Set((o.value as { page: { _id: string }[] }).page.map((a) => a._id))).toEqual(tenant.agents);
        }
        for (const [i, f] of (await facts(w.tenants.map((x) => x.id))).entries()) {
          const slug = w.tenants[i].slug;
          expect(f.counters.agents, `agents counter of ${slug} after ${label}`).toBe(f.agents.size);
          expect(f.counters.members, `members counter of ${slug} after ${label}`).toBe(f.members.size);
          expect(f.agents, `agent rows of ${slug} after ${label}`).toEqual(w.tenants[i].agents);
          expect(f.members, `members of ${slug} after ${label}`).toEqual(w.tenants[i].members);
        }
      }
    }),
    { numRuns: 50, includeErrorInReport: true },
  );
}, 120_000);
