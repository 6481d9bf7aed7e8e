import type { Command } from "commander";
import { ApiError, type Client } from "./client";
import type { IO } from "./io";
import { budgetOf, overridesOf, quotaOptions } from "./options";
import { count, money, printFields, printJson, printTable } from "./output";
import { examples } from "./help";
import { detailedUsage } from "./usage";
import { importUsersCommand } from "./import-users";
import { exportCommand } from "./export";
import { formatGb } from "../lib/domain/format";

/** `tenantry tenant ...`: one API call (or two) per command; the server checks everything. */
type Ctx = { io: IO; api: Client };
type Quota = { used: number; limit: number | null; percent: number };
type Detail = {
  tenant: Record<string, unknown> & { name: string; slug: string; status: string; statusLine: string; planName: string };
  quotas: Record<string, Quota>;
  cost: { usedCents: number; budgetCents: number | null };
  members: number;
  dashboardUrl?: string;
};

const QUOTA_LABELS: Record<string, string> = {
  agents: "Agents",
  monthlyTokens: "Tokens this month",
  storageBytes: "Storage",
  concurrentSessions: "Concurrent sessions",
  apiCallsPerMinute: "API calls per minute",
};
const seg = encodeURIComponent;

/** A quota's amount as the console shows it: storage in GB, the rest as counts. */
const amount = (key: string, n: number | null) => (n !== null && key === "storageBytes" ? formatGb(n) : count(n));

/** "At limit" from 100%, "Near limit" from 80% (the console's thresholds for its quota bars). */
export const marker = (q: Quota) => (q.limit === null ? "" : q.percent >= 100 ? "At limit" : q.percent >= 80 ? "Near limit" : "");

export function tenantCommands(program: Command, { io, api }: Ctx) {
  const tenant = program.command("tenant").description("create, inspect and manage tenants");
  const json = (c: Command) => c.option("--json", "print one JSON document instead of a table");

  quotaOptions(
    json(
      tenant
        .command("create")
        .description("create a tenant (it starts a 14-day trial)")
        .requiredOption("--name <name>", "display name")
        .requiredOption("--slug <slug>", "URL name, unique across the platform")
        .requiredOption("--plan <plan>", "starter, pro or enterprise")
        .requiredOption("--billing-email <email>", "where invoices go")
        .option("--owner <email>", "make this (already signed-in) person its owner"),
    ),
  )
    .addHelpText(
      "after",
      examples(['tenantry tenant create --name "Acme Corp" --slug acme-corp --plan pro --billing-email billing@acme.test --max-agents 50']),
    )
    .action(async (o) => {
      const body = {
        name: o.name,
        slug: o.slug,
        plan: o.plan,
        billingEmail: o.billingEmail,
        overrides: overridesOf(o),
        monthlyBudgetCents: budgetOf(o.monthlyBudget),
        ownerEmail: o.owner,
      };
      const out = (await api("POST", "tenants", body)) as { tenant: Record<string, string> };
      if (o.json) return printJson(io, out);
      const t = out.tenant;
      io.stdout("Tenant created\n");
      printFields(io, [
        ["ID", t.id],
        ["Name", t.name],
        ["Slug", t.slug],
        ["Dashboard", t.dashboardUrl],
        ["Status", t.statusLine],
      ]);
    });

  json(
    tenant
      .command("list")
      .description("list tenants")
      .option("--status <status>", "active, trial, past_due, suspended or deleted")
      .option("--plan <plan>", "starter, pro or enterprise")
      .option("--search <text>", "name or slug contains")
      .option("--sort <field>", "name, cost, agents, created, ...")
      .option("--limit <n>", "at most this many (1-100)", "50"),
  )
    .addHelpText(
      "after",
      examples(["tenantry tenant list --status trial --plan pro", "tenantry tenant list --search acme --json | jq '.tenants[].slug'"]),
    )
    .action(async (o) => {
      const q = new URLSearchParams();
      for (const k of ["status", "plan", "search", "sort", "limit"] as const) if (o[k] !== undefined) q.set(k, String(o[k]));
      const out = (await api("GET", `tenants?${q}`)) as { tenants: Record<string, string | number>[] };
      if (o.json) return printJson(io, out);
      printTable(
        io,
        ["Slug", "Name", "Plan", "Status", "Agents", "Quota %"],
        out.tenants.map((t) => [t.slug, t.name, t.planName, t.status, t.agents, t.quotaPercent]),
      );
    });

  json(tenant.command("show").description("what the admin console's tenant page shows").argument("<slug>"))
    .addHelpText("after", examples(["tenantry tenant show acme"]))
    .action(async (slug: string, o) => {
      const out = (await api("GET", `tenants/${seg(slug)}`)) as Detail;
      if (o.json) return printJson(io, out);
      const t = out.tenant;
      printFields(io, [
        ["Name", t.name],
        ["Slug", t.slug],
        ["ID", String(t._id)],
        ["Plan", t.planName],
        ["Status", t.statusLine],
        ["Billing email", String(t.billingEmail)],
        ["Members", out.members],
        ["Cost this month", `${money(out.cost.usedCents)} of budget ${money(out.cost.budgetCents)}`],
        ["Dashboard", String(t.dashboardUrl)],
      ]);
      usageTable(io, out.quotas);
    });

  quotaOptions(
    json(
      tenant
        .command("update")
        .description("change name, billing email, budget or quota overrides (only the flags given)")
        .argument("<slug>")
        .option("--name <name>", "display name")
        .option("--billing-email <email>", "where invoices go"),
    ),
  )
    .addHelpText(
      "after",
      examples([
        "tenantry tenant update acme --max-agents 200 --monthly-budget 5000",
        "tenantry tenant update acme --max-agents unlimited",
      ]),
    )
    .action(async (slug: string, o) => {
      const body = { name: o.name, billingEmail: o.billingEmail, monthlyBudgetCents: budgetOf(o.monthlyBudget), overrides: overridesOf(o) };
      const out = (await api("PATCH", `tenants/${seg(slug)}`, body)) as Detail;
      if (o.json) return printJson(io, out);
      io.stdout(`Updated ${out.tenant.slug}\n`);
      usageTable(io, out.quotas);
    });

  json(
    tenant
      .command("upgrade")
      .description("change plan; prints each quota before and after")
      .argument("<slug>")
      .requiredOption("--plan <plan>", "starter, pro or enterprise"),
  )
    .addHelpText("after", examples(["tenantry tenant upgrade acme --plan enterprise"]))
    .action(async (slug: string, o) => {
      const out = (await api("POST", `tenants/${seg(slug)}/plan`, { plan: o.plan })) as {
        plan: { before: string; after: string; name: string };
        quotas: Record<string, { before: number | null; after: number | null }>;
      };
      if (o.json) return printJson(io, out);
      io.stdout(`${slug}: ${out.plan.before} -> ${out.plan.after} (${out.plan.name})\n`);
      printTable(
        io,
        ["Quota", "Before", "After"],
        Object.entries(out.quotas).map(([k, q]) => [QUOTA_LABELS[k] ?? k, amount(k, q.before), amount(k, q.after)]),
      );
    });

  json(
    tenant
      .command("usage")
      .description("every quota as used/limit, with At limit / Near limit; --detailed: per day x agent x model")
      .argument("<slug>")
      .option("--month <YYYY-MM>", "with --detailed: the month (default this month)")
      .option("--detailed", "per day x agent x model for the month, the Usage page's figures")
      .option("--output <file>", "with --detailed: write CSV to this file instead of a table"),
  )
    .addHelpText(
      "after",
      examples([
        "tenantry tenant usage acme",
        "tenantry tenant usage acme --json",
        "tenantry tenant usage acme --detailed --month 2026-03 --output usage.csv",
      ]),
    )
    .action(async (slug: string, o) => {
      if (o.detailed) return detailedUsage({ io, api }, slug, o);
      if (o.month || o.output) throw new ApiError(0, "INVALID", "--month and --output go with --detailed.", o.month ? "month" : "output");
      const out = (await api("GET", `tenants/${seg(slug)}/usage`)) as { quotas: Record<string, Quota>; cost: Detail["cost"] };
      if (o.json) return printJson(io, out);
      usageTable(io, out.quotas);
      io.stdout(`Cost this month: ${money(out.cost.usedCents)} (budget ${money(out.cost.budgetCents)})\n`);
    });

  const lifecycle = (name: string, description: string, withReason: boolean, example: string) => {
    const c = json(tenant.command(name).description(description).argument("<slug>"));
    if (withReason) c.requiredOption("--reason <text>", "recorded in the audit log");
    c.addHelpText("after", examples([example])).action(async (slug: string, o) => {
      const out = (await api("POST", `tenants/${seg(slug)}/${name}`, withReason ? { reason: o.reason } : {})) as { statusLine: string };
      if (o.json) return printJson(io, out);
      io.stdout(`${slug}: ${out.statusLine}\n`);
    });
  };
  lifecycle("suspend", "suspend a tenant (its members are locked out)", true, 'tenantry tenant suspend acme --reason "unpaid invoices"');
  lifecycle("reactivate", "lift a suspension", false, "tenantry tenant reactivate acme");
  deleteCommand(json(tenant.command("delete")), { io, api });

  json(
    tenant
      .command("invite")
      .description("invite someone to a tenant; prints the link they open to join")
      .requiredOption("--tenant <slug>", "the tenant")
      .requiredOption("--email <email>", "who")
      .requiredOption("--role <role>", "owner, admin, member or viewer"),
  )
    .addHelpText("after", examples(["tenantry tenant invite --tenant acme --email ana@acme.test --role admin"]))
    .action(async (o) => {
      const out = (await api("POST", `tenants/${seg(o.tenant)}/invitations`, { email: o.email, role: o.role })) as { inviteUrl: string };
      if (o.json) return printJson(io, out);
      io.stdout(`Invited ${o.email} to ${o.tenant} as ${o.role}. Link (valid 7 days): ${out.inviteUrl}\n`);
    });
  lifecycle("restore", "restore a soft-deleted tenant", false, "tenantry tenant restore acme");
  importUsersCommand(tenant, io, api);
  json(
    tenant
      .command("provision")
      .description("add a starter template's department and agents to a tenant")
      .argument("<slug>")
      .requiredOption("--template <name>", "customer-support")
      .option("--include-sample-data", "also add the template's sample conversations"),
  )
    .addHelpText("after", examples(["tenantry tenant provision acme --template customer-support --include-sample-data"]))
    .action(async (slug: string, o) => {
      const out = (await api("POST", `tenants/${seg(slug)}/provision`, {
        template: o.template,
        includeSampleData: Boolean(o.includeSampleData),
      })) as { agents: number; conversations: number };
      if (o.json) return printJson(io, out);
      io.stdout(`${slug}: added ${out.agents} agents and ${out.conversations} sample conversations (${o.template}).\n`);
    });
  exportCommand(tenant, io, api);
}

/**
 * `delete`: a soft delete (restorable until its erase date), or with --permanent the
 * hard delete of a tenant already soft-deleted, after the slug is typed again
 * (a prompt on a terminal, --confirm in scripts).
 */
function deleteCommand(c: Command, { io, api }: Ctx) {
  c.description("soft-delete a tenant, or --permanent: erase a soft-deleted one")
    .argument("<slug>")
    .option("--reason <text>", "why (required for a soft delete; recorded in the audit log)")
    .option("--permanent", "erase a soft-deleted tenant and all its data")
    .option("--confirm <slug>", "the slug again, instead of the prompt")
    .option("--skip-retention", "erase now instead of at the end of the retention period")
    .addHelpText(
      "after",
      examples([
        'tenantry tenant delete acme --reason "customer request"',
        "tenantry tenant delete acme --permanent --confirm acme --skip-retention",
      ]),
    )
    .action(async (slug: string, o) => {
      if (!o.permanent) {
        const out = (await api("POST", `tenants/${seg(slug)}/delete`, { reason: o.reason })) as { statusLine: string };
        if (o.json) return printJson(io, out);
        return io.stdout(`${slug}: ${out.statusLine}\n`);
      }
      let confirmSlug = o.confirm as string | undefined;
      if (confirmSlug === undefined) {
        if (!io.isTTY) throw new ApiError(0, "INVALID", "Pass --confirm SLUG to delete permanently without a prompt.", "confirm");
        confirmSlug = (await io.prompt(`This erases ${slug} and all its data. Type its slug to confirm: `)).trim();
      }
      const out = await api("POST", `tenants/${seg(slug)}/purge`, { confirmSlug, overrideRetention: Boolean(o.skipRetention) });
      if (o.json) return printJson(io, out);
      io.stdout(`${slug}: being erased\n`);
    });
}

function usageTable(io: IO, quotas: Record<string, Quota>) {
  printTable(
    io,
    ["Quota", "Used", "Limit", "Status"],
    Object.entries(quotas).map(([k, q]) => [QUOTA_LABELS[k] ?? k, amount(k, q.used), amount(k, q.limit), marker(q)]),
  );
}
