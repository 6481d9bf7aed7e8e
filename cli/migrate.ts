import fs from "node:fs";
import type { Command } from "commander";
import { ApiError, type Client } from "./client";
import type { IO } from "./io";
import { printJson, printTable } from "./output";
import { progressBar } from "./progress";
import { examples } from "./help";

/**
 * `tenantry export --tenant SLUG` and `tenantry import FILE --tenant SLUG [--dry-run]`:
 * the seed's single-tenant to multi-tenant migration (agents, departments,
 * configuration and usage history) between deployments or tenants. See
 * convex/admin/migrate.ts for how ids are remapped and why re-running is safe.
 */
const FORMAT = "tenantry-migration/v1";
const USAGE_BATCH = 500;

type UsageRow = { agentId: string; departmentId: string | null } & Record<string, unknown>;
type Snapshot = {
  source: { tenantId: string; slug: string; name: string; plan: string };
  configuration: { quotaOverrides: Record<string, number | null>; monthlyBudgetCents: number | null };
  departments: { id: string; name: string; costCenter: string }[];
  agents: { id: string; name: string; departmentId: string | null }[];
};
type MigrationFile = Snapshot & { format: string; exportedAt: string; usage: UsageRow[] };
type Structure = {
  counts: { departments: { created: number; existing: number }; agents: { created: number; existing: number }; configuration: string };
  map: { departments: Record<string, string>; agents: Record<string, string> };
};

export function migrateCommands(program: Command, io: IO, api: Client) {
  program
    .command("export")
    .description("export a tenant's agents, departments, configuration and usage history for `tenantry import`")
    .requiredOption("--tenant <slug>", "the tenant")
    .option("--output <file>", "where to write it (default <slug>-migration.json)")
    .option("--json", "print a JSON summary")
    .addHelpText("after", examples(["tenantry export --tenant acme --output acme-migration.json"]))
    .action(async (o: { tenant: string; output?: string; json?: boolean }) => {
      const slug = encodeURIComponent(o.tenant);
      const snapshot = (await api("GET", `tenants/${slug}/migration`)) as Snapshot;
      const usage: UsageRow[] = [];
      for (let cursor: string | null = null; ;) {
        const page = (await api("GET", `tenants/${slug}/migration/usage${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`)) as {
          rows: UsageRow[];
          cursor: string;
          isDone: boolean;
        };
        usage.push(...page.rows);
        if (page.isDone) break;
        cursor = page.cursor;
      }
      const file: MigrationFile = { format: FORMAT, exportedAt: new Date().toISOString(), ...snapshot, usage };
      const output = o.output ?? `${o.tenant}-migration.json`;
      fs.writeFileSync(output, `${JSON.stringify(file, null, 1)}\n`, { mode: 0o600 });
      const summary = { slug: o.tenant, output, departments: file.departments.length, agents: file.agents.length, usageRows: usage.length };
      if (o.json) return printJson(io, summary);
      io.stdout(
        `Exported ${summary.departments} departments, ${summary.agents} agents and ${summary.usageRows} usage rows of ${o.tenant} to ${output}.\n`,
      );
    });

  program
    .command("import")
    .description("import a `tenantry export` file into a tenant (ids remapped; re-running changes nothing)")
    .argument("<file>", "a file written by tenantry export --tenant")
    .requiredOption("--tenant <slug>", "the tenant to import into")
    .option("--dry-run", "print what would change; write nothing")
    .option("--json", "print one JSON document")
    .addHelpText(
      "after",
      examples(["tenantry import acme-migration.json --tenant acme-eu --dry-run", "tenantry import acme-migration.json --tenant acme-eu"]),
    )
    .action(async (path: string, o: { tenant: string; dryRun?: boolean; json?: boolean }) => {
      let file: MigrationFile;
      try {
        file = JSON.parse(fs.readFileSync(path, "utf8")) as MigrationFile;
      } catch {
        throw new ApiError(0, "INVALID", `Cannot read ${path} as JSON.`, "file");
      }
      if (file?.format !== FORMAT)
        throw new ApiError(0, "INVALID", `${path} is not a ${FORMAT} file (write one with tenantry export --tenant).`, "file");
      const dryRun = Boolean(o.dryRun);
      const slug = encodeURIComponent(o.tenant);
      const structure = (await api("POST", `tenants/${slug}/migration/structure`, {
        dryRun,
        configuration: file.configuration,
        departments: file.departments,
        agents: file.agents,
      })) as Structure;
      const rows: UsageRow[] = [];
      for (const [i, r] of file.usage.entries()) {
        const agentId = structure.map.agents[r.agentId];
        if (!agentId)
          throw new ApiError(0, "INVALID", `Usage row ${i + 1} names agent ${r.agentId}, which the file does not hold.`, "file");
        rows.push({ ...r, agentId, departmentId: r.departmentId === null ? null : (structure.map.departments[r.departmentId] ?? null) });
      }
      const usage = { created: 0, existing: 0 };
      const bar = progressBar(io, rows.length, "Usage |{bar}| {value}/{total} rows", o.json);
      try {
        for (let i = 0; i < rows.length; i += USAGE_BATCH) {
          const batch = rows.slice(i, i + USAGE_BATCH);
          const done = (await api("POST", `tenants/${slug}/migration/usage`, { dryRun, rows: batch })) as typeof usage;
          usage.created += done.created;
          usage.existing += done.existing;
          bar.update(i + batch.length);
        }
      } finally {
        bar.stop();
      }
      const result = { slug: o.tenant, dryRun, source: file.source, ...structure.counts, usage };
      if (o.json) return printJson(io, result);
      io.stdout(
        `${dryRun ? "Dry run: would import" : "Imported"} ${file.source.slug} into ${o.tenant} (configuration ${structure.counts.configuration}).\n`,
      );
      printTable(
        io,
        ["", dryRun ? "Would create" : "Created", "Already there"],
        [
          ["Departments", structure.counts.departments.created, structure.counts.departments.existing],
          ["Agents", structure.counts.agents.created, structure.counts.agents.existing],
          ["Usage rows", usage.created, usage.existing],
        ],
      );
    });
}
