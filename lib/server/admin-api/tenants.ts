import "server-only";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { PLANS, TRIAL_DAYS } from "@/lib/domain/plans";
import { DAY_MS } from "@/lib/domain/time";
import { ROLES, type Role } from "@/lib/domain/permissions";
import { readObject } from "./body";
import { FieldError, numberOrNull, overrides, plan, status, text } from "./input";
import type { Operator } from "./operator";
import { ok } from "./respond";

/**
 * The tenant endpoints of /api/admin/v1: each reads its input, calls one staff
 * Convex function (the console's own, so the same permissions, messages and
 * audit entries) and answers JSON with stable field names (docs/cli.md).
 */
export type Handler = (op: Operator, request: Request, slug: string, params: Record<string, string>) => Promise<Response>;

const origin = (request: Request) => new URL(request.url).origin;

/** "Trial - 14 days remaining", "Active", "Past due" (the seed's wording). */
export function statusLine(status: string, trialEndsAt: number | null, now = Date.now()): string {
  if (status === "trial" && trialEndsAt) {
    const days = Math.max(0, Math.ceil((trialEndsAt - now) / DAY_MS));
    return `Trial - ${days} day${days === 1 ? "" : "s"} remaining`;
  }
  const s = status.replace("_", " ");
  return s[0].toUpperCase() + s.slice(1);
}

async function detail(op: Operator, slug: string) {
  return op.query(api.admin.tenantDetail.get, { slug });
}
const idOf = async (op: Operator, slug: string): Promise<Id<"tenants">> => (await detail(op, slug)).tenant._id;

export const list: Handler = async (op, request) => {
  const q = new URL(request.url).searchParams;
  const limit = q.get("limit") === null ? 50 : Number(q.get("limit"));
  const sort = q.get("sort") ?? undefined;
  const page = await op.query(api.admin.tenants.list, {
    ...(sort ? { sort: sort as never } : {}),
    plan: q.get("plan") ? plan(q.get("plan")) : undefined,
    status: status(q.get("status")),
    search: q.get("search") ?? undefined,
    cursor: q.get("cursor"),
    pageSize: limit,
  });
  return ok({ tenants: page.rows, nextCursor: "continueCursor" in page ? page.continueCursor : null, total: page.total ?? null });
};

export const create: Handler = async (op, request) => {
  const body = await readObject(request);
  if (!body.ok) return body.response;
  const b = body.value;
  const made = await op.mutation(api.admin.provision.create, {
    name: text(b, "name", true),
    slug: text(b, "slug", true),
    plan: plan(text(b, "plan")),
    billingEmail: text(b, "billingEmail", true),
    overrides: overrides(b),
    monthlyBudgetCents: numberOrNull(b, "monthlyBudgetCents"),
    ownerEmail: text(b, "ownerEmail"),
  });
  const t = (await detail(op, made.slug)).tenant;
  return ok(
    {
      tenant: {
        id: t._id,
        name: t.name,
        slug: t.slug,
        plan: t.plan,
        status: t.status,
        statusLine: statusLine(t.status, t.trialEndsAt),
        trialDays: TRIAL_DAYS,
        dashboardUrl: `${origin(request)}/t/${t.slug}`,
      },
    },
    201,
  );
};

export const show: Handler = async (op, request, slug) => {
  const d = await detail(op, slug);
  return ok({
    ...d,
    tenant: { ...d.tenant, statusLine: statusLine(d.tenant.status, d.tenant.trialEndsAt), dashboardUrl: `${origin(request)}/t/${slug}` },
  });
};

export const update: Handler = async (op, request, slug) => {
  const body = await readObject(request);
  if (!body.ok) return body.response;
  const b = body.value;
  const args = {
    name: text(b, "name"),
    billingEmail: text(b, "billingEmail"),
    monthlyBudgetCents: numberOrNull(b, "monthlyBudgetCents"),
    overrides: overrides(b),
  };
  await op.mutation(api.admin.provision.updateSettings, { tenantId: await idOf(op, slug), ...args });
  return show(op, request, slug, {});
};

/** Changes the plan and answers each quota before and after (the console's dialog shows the same). */
export const upgrade: Handler = async (op, request, slug) => {
  const body = await readObject(request);
  if (!body.ok) return body.response;
  const before = await detail(op, slug);
  const next = plan(text(body.value, "plan"));
  await op.mutation(api.admin.actions.changePlan, { tenantId: before.tenant._id, plan: next });
  const after = await detail(op, slug);
  const quotas = Object.fromEntries(
    Object.entries(after.quotas).map(([k, q]) => [k, { before: before.quotas[k as keyof typeof before.quotas].limit, after: q.limit }]),
  );
  return ok({ slug, plan: { before: before.tenant.plan, after: next, name: PLANS[next].name }, quotas });
};

export const usage: Handler = async (op, _request, slug) => {
  const d = await detail(op, slug);
  return ok({ slug, quotas: d.quotas, cost: d.cost, generatedAt: d.generatedAt });
};

const reasonOf = async (request: Request) => {
  const body = await readObject(request);
  return body.ok ? { reason: text(body.value, "reason", true) } : body.response;
};

const lifecycle =
  (act: (op: Operator, id: Id<"tenants">, reason: string | undefined) => Promise<unknown>, needsReason: boolean): Handler =>
  async (op, request, slug) => {
    const r = needsReason ? await reasonOf(request) : { reason: undefined };
    if (r instanceof Response) return r;
    await act(op, await idOf(op, slug), r.reason);
    const t = (await detail(op, slug)).tenant;
    return ok({ slug, status: t.status, statusLine: statusLine(t.status, t.trialEndsAt), hardDeleteAt: t.hardDeleteAt });
  };

export const suspend = lifecycle((op, tenantId, reason) => op.mutation(api.admin.actions.suspend, { tenantId, reason: reason! }), true);
export const reactivate = lifecycle((op, tenantId) => op.mutation(api.admin.actions.reactivate, { tenantId }), false);
export const remove = lifecycle((op, tenantId, reason) => op.mutation(api.admin.actions.softDelete, { tenantId, reason: reason! }), true);
export const restore = lifecycle((op, tenantId) => op.mutation(api.admin.actions.restore, { tenantId }), false);

/** The permanent delete of a soft-deleted tenant: the slug typed again, and the retention period kept unless overridden. */
export const purge: Handler = async (op, request, slug) => {
  const body = await readObject(request);
  if (!body.ok) return body.response;
  const confirmSlug = text(body.value, "confirmSlug", true);
  const override = body.value.overrideRetention ?? false;
  if (typeof override !== "boolean") throw new FieldError("overrideRetention must be true or false.", "overrideRetention");
  const done = await op.mutation(api.admin.purge.hardDelete, { tenantId: await idOf(op, slug), confirmSlug, overrideRetention: override });
  return ok({ slug, purging: true, retentionOverridden: done.retentionOverridden });
};

/** An invitation link for `email` with `role`: the person opens it and signs in (as the portal's link in local mode). */
export const invite: Handler = async (op, request, slug) => {
  const body = await readObject(request);
  if (!body.ok) return body.response;
  const role = text(body.value, "role", true);
  if (!(ROLES as readonly string[]).includes(role)) throw new FieldError(`Unknown role "${role}": choose ${ROLES.join(", ")}.`, "role");
  const made = await op.mutation(api.admin.invite.create, {
    tenantId: await idOf(op, slug),
    email: text(body.value, "email", true),
    role: role as Role,
  });
  return ok(
    { slug, email: made.email, role: made.role, invitationId: made.invitationId, inviteUrl: `${origin(request)}/invite/${made.token}` },
    201,
  );
};
