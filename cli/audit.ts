import path from "node:path";
import type { Command } from "commander";
import { ApiError } from "./client";
import type { IO } from "./io";
import { printJson } from "./output";

const CONVEX_DIR = path.resolve(import.meta.dirname, "..", "convex");

/**
 * `tenantry audit queries --missing-tenant-filter`: the static tenancy audit of
 * `npm run audit:tenancy` (same findings, exit 1 when any). It reads source, not
 * a deployment, so it runs where the code is (this repository) and calls no API.
 */
export function auditCommands(program: Command, io: IO) {
  program
    .command("audit")
    .description("static checks of the code")
    .command("queries")
    .description("Convex reads that could cross tenants (the tenancy audit)")
    .requiredOption("--missing-tenant-filter", "reads of tenant tables not limited to one tenant (the only check so far)")
    .option("--dir <path>", "the Convex functions folder", CONVEX_DIR)
    .option("--json", "print one JSON document")
    .addHelpText("after", "\nExamples:\n  $ tenantry audit queries --missing-tenant-filter\n")
    .action(async (o: { dir: string; json?: boolean }) => {
      // Loaded on demand: it brings the TypeScript compiler, which no other command needs.
      const { auditTenancy } = await import("../scripts/audit-tenancy");
      const findings = await auditTenancy(o.dir);
      if (o.json) printJson(io, { findings, count: findings.length });
      else {
        for (const f of findings) io.stdout(`${f.file}:${f.line}: [${f.kind}] ${f.message}\n`);
        io.stdout(`audit:tenancy: ${findings.length} finding${findings.length === 1 ? "" : "s"}\n`);
      }
      if (findings.length) throw new ApiError(0, "FINDINGS", `${findings.length} tenancy finding(s); see above.`);
    });
}
