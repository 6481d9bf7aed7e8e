import type { Command } from "commander";
import type { Client } from "./client";
import type { IO } from "./io";
import { printFields, printJson, printTable } from "./output";
import { examples } from "./help";

type Deployment = {
  name: string;
  kind: "shared" | "dedicated";
  url: string | null;
  provider: "local" | "cloud" | null;
  status: "provisioning" | "ready" | "retired";
  createdAt: number | null;
  dedicatedTo: string | null;
  tenants: number;
  tenantsCapped: boolean;
};
type TenantPlacement = {
  slug: string;
  plan: string;
  label: string;
  version: number;
  deployment: { name: string; kind: string; url: string | null; provider: string | null; status: string } | null;
};

const CONTROL_PLANE = "(control plane)";
const day = (ms: number | null) => (ms === null ? "-" : new Date(ms).toISOString().slice(0, 10));

/**
 * `tenantry deployment list` and `tenantry tenant placement SLUG`: where tenants
 * live (docs/scaling.md). Read only, so support tokens may run them. Call after
 * tenantCommands: `placement` joins the existing `tenant` command.
 */
export function deploymentCommands(program: Command, io: IO, api: Client) {
  const deployment = program.command("deployment").description("the deployments tenants live on (shared shards, dedicated deployments)");

  deployment
    .command("list")
    .description("every deployment with its kind, status, URL and tenant count; the control plane is shard main")
    .option("--json", "print one JSON document")
    .addHelpText("after", examples(["tenantry deployment list", "tenantry deployment list --json | jq '.deployments[].name'"]))
    .action(async (o: { json?: boolean }) => {
      const out = (await api("GET", "deployments")) as { deployments: Deployment[] };
      if (o.json) return printJson(io, out);
      printTable(
        io,
        ["Name", "Kind", "Status", "Tenants", "For", "Where", "URL", "Created"],
        out.deployments.map((d) => [
          d.name,
          d.kind,
          d.status,
          d.tenantsCapped ? `${d.tenants}+` : d.tenants,
          d.dedicatedTo ?? "-",
          d.provider ?? CONTROL_PLANE,
          d.url ?? CONTROL_PLANE,
          day(d.createdAt),
        ]),
      );
    });

  const tenant = program.commands.find((c) => c.name() === "tenant");
  if (!tenant) throw new Error("deploymentCommands needs the tenant command registered first.");
  tenant
    .command("placement")
    .description("where a tenant's data lives: its shared shard or dedicated deployment, and the placement's version")
    .argument("<slug>", "the tenant")
    .option("--json", "print one JSON document")
    .addHelpText("after", examples(["tenantry tenant placement acme", "tenantry tenant placement acme --json"]))
    .action(async (slug: string, o: { json?: boolean }) => {
      const out = (await api("GET", `tenants/${encodeURIComponent(slug)}/placement`)) as TenantPlacement;
      if (o.json) return printJson(io, out);
      const d = out.deployment;
      printFields(io, [
        ["Tenant", out.slug],
        ["Plan", out.plan],
        ["Placement", out.label],
        ["Version", out.version],
        // A placement naming a deployment the registry does not hold would be a bug: say so rather than hide it.
        ["Deployment", d ? `${d.name} (${d.kind}, ${d.status})` : "not in the registry"],
        ["URL", d ? (d.url ?? CONTROL_PLANE) : "-"],
      ]);
    });
}
