/**
 * Starter templates: the seed's `--template "customer-support"
 * --include-sample-data`. Three configured agents in a Support department and
 * fifty sample conversations. Sample conversations record no usage: a
 * template must not put cost on a new workspace's bill.
 */
import { v } from "convex/values";
import type { GenericDatabaseWriter } from "convex/server";
import { tenantMutation } from "../lib/functions";
import { appError } from "../lib/errors";
import { bump, getCounters } from "../lib/counters";
import { assertWithinQuota } from "../lib/quotas";
import { audit } from "../lib/audit";
import { insertConversation } from "../workspace/conversationRows";
import { PLANS, type ModelId } from "../../lib/domain/plans";
import { can, type Permission } from "../../lib/domain/permissions";
import type { Member } from "../lib/access";
import type { DataModel, Doc, Id } from "../_generated/dataModel";

type Db = GenericDatabaseWriter<DataModel>;
export const TEMPLATE_IDS = ["customer-support"] as const;
export const templateValidator = v.literal("customer-support");
export const SAMPLE_CONVERSATIONS = 50;

/** Each agent names the models it prefers; the first one the plan includes is used. */
const AGENTS: { name: string; prefers: ModelId[]; role: string }[] = [
  { name: "Support Triage", prefers: ["claude-haiku-4-5", "gpt-4o"], role: "triage" },
  { name: "Support Responder", prefers: ["claude-sonnet-4-5", "gpt-4o", "claude-haiku-4-5"], role: "responder" },
  { name: "Escalation Analyst", prefers: ["claude-opus-4-6", "gpt-4o", "claude-haiku-4-5"], role: "escalation" },
];

const CUSTOMERS = ["Maya R.", "Jonas P.", "Aiko T.", "Luis G.", "Priya K.", "Tom B.", "Sofia M.", "Kwame A.", "Elena V.", "Noah W."];
const TOPICS: [title: string, ask: string, answer: string][] = [
  [
    "Password reset link expired",
    "My password reset link says it expired. Can you send a new one?",
    "I've sent a fresh reset link to your email; it stays valid for 30 minutes.",
  ],
  [
    "Charged twice this month",
    "I see two charges for my subscription this month.",
    "I found the duplicate charge and refunded it; it will show on your statement in 3-5 business days.",
  ],
  [
    "Export orders to CSV",
    "How do I export all my orders to a spreadsheet?",
    "Open Orders, choose Export, then CSV. The file includes every order in the selected date range.",
  ],
  [
    "Shipping address change",
    "Can I change the shipping address on an order I placed an hour ago?",
    "Yes, it hasn't shipped yet. I've updated the address; you'll get a confirmation email.",
  ],
  [
    "API rate limit errors",
    "Our integration keeps getting 429 responses since this morning.",
    "Your plan allows 500 calls per minute and the integration peaks above that; batching requests will fix it.",
  ],
];

export function pickModel(plan: Doc<"tenants">["plan"], prefers: ModelId[]): ModelId {
  const allowed = PLANS[plan].models;
  return prefers.find((m) => allowed.includes(m)) ?? allowed[0];
}

const supportDepartment = (db: Db, tenantId: Id<"tenants">) =>
  db
    .query("departments")
    .withIndex("by_tenant_name", (q) => q.eq("tenantId", tenantId).eq("name", "Support"))
    .first();

/**
 * What applying the template would make, each with the permission of the
 * function that makes that part on its own (agents:create, departments:create):
 * a template is a shortcut, never a way around a role.
 */
async function templateParts(db: Db, tenantId: Id<"tenants">): Promise<{ part: string; permission: Permission }[]> {
  const parts: { part: string; permission: Permission }[] = [
    { part: `${AGENTS.length} agents and sample conversations`, permission: "agents.write" },
  ];
  if (!(await supportDepartment(db, tenantId))) parts.push({ part: "the Support department", permission: "settings.manage" });
  return parts;
}

/** FORBIDDEN naming the first part of the template the member's role may not make itself. */
export async function assertMayApplyTemplate(db: Db, tenantId: Id<"tenants">, member: Member) {
  for (const { part, permission } of await templateParts(db, tenantId)) {
    if (!can(member.role, permission)) {
      throw appError(
        "FORBIDDEN",
        `This template adds ${part}, which your role (${member.role}) may not do. Ask an owner or admin to apply it.`,
        "template",
      );
    }
  }
}

/** Adds the customer-support template to a tenant (checks the agent quota first); staff may leave out the sample conversations. */
export async function provisionCustomerSupport(db: Db, tenant: Doc<"tenants">, opts: { sampleData: boolean } = { sampleData: true }) {
  const counters = await getCounters(db, tenant._id);
  assertWithinQuota(tenant, "agents", counters.agents, AGENTS.length);
  const existing = await supportDepartment(db, tenant._id);
  const departmentId = existing?._id ?? (await db.insert("departments", { tenantId: tenant._id, name: "Support", costCenter: "CC-100" }));
  const now = Date.now();
  const agentIds: Id<"agents">[] = [];
  for (const a of AGENTS) {
    agentIds.push(
      await db.insert("agents", {
        tenantId: tenant._id,
        name: a.name,
        model: pickModel(tenant.plan, a.prefers),
        status: "active",
        departmentId,
        metadata: { template: "customer-support", role: a.role },
        createdAt: now,
      }),
    );
  }
  await bump(db, tenant._id, "agents", AGENTS.length);
  const conversations = opts.sampleData ? SAMPLE_CONVERSATIONS : 0;
  for (let i = 0; i < conversations; i++) {
    const [title, ask, answer] = TOPICS[i % TOPICS.length];
    await insertConversation(db, {
      tenantId: tenant._id,
      agentId: agentIds[i % agentIds.length],
      title,
      customer: CUSTOMERS[i % CUSTOMERS.length],
      sample: true,
      messages: [
        { role: "user", content: ask },
        { role: "agent", content: answer },
        { role: "user", content: "Thanks, that solved it." },
      ],
      // Spread over the last few days, newest first in the overview.
      createdAt: now - (SAMPLE_CONVERSATIONS - i) * 90 * 60_000,
    });
  }
  return { agents: agentIds.length, conversations };
}

/** The same template for an existing workspace (the Agents page's empty state offers it). */
export const apply = tenantMutation({
  args: { template: templateValidator },
  permission: "agents.write",
  handler: async (ctx, { template }) => {
    if (!TEMPLATE_IDS.includes(template)) throw appError("INVALID", "Unknown template.", "template");
    await assertMayApplyTemplate(ctx.db, ctx.tenant._id, ctx.member);
    const result = await provisionCustomerSupport(ctx.db, ctx.tenant);
    await audit(ctx.db, { tenantId: ctx.tenant._id, actor: ctx.user, action: "template.apply", target: template, after: result });
    return result;
  },
});
