/**
 * The layer rules of docs/architecture.md are lint rules (eslint.config.mjs):
 * each case lints one deliberately wrong import, in the file it would sit in,
 * with the project's own config, and expects the refusal; the allowed
 * directions pass. A config change that quietly drops a floor fails here.
 */
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId === "convex/module-path").map((m) => m.message);
}

describe("the floors refuse imports that run upward", () => {
  it.each([
    ["lib/domain/plans.ts", 'import { getEnv } from "@/lib/server/env";', "lib/domain is pure"],
    ["lib/domain/billing/bill.ts", 'import { getEnv } from "../../server/env";', "lib/domain is pure"],
    ["lib/domain/plans.ts", 'import { v } from "convex/values";', "lib/domain is pure"],
    ["convex/portal/agents.ts", 'import { getEnv } from "../../lib/server/env";', "convex/ imports only lib/domain"],
    ["convex/portal/agents.ts", 'import { startConvexLocal } from "../../lib/local/convex";', "convex/ imports only lib/domain"],
    ["convex/portal/agents.ts", 'import { query } from "../_generated/server";', "raw builders skip the tenant check"],
    ["convex/lib/quotas.ts", 'import { mutation } from "../_generated/server";', "raw builders skip the tenant check"],
    ["lib/server/env.ts", 'import { startConvexLocal } from "../local/convex";', "reached only through lib/server's adapters"],
    ["lib/server/tenancy.ts", 'import { Button } from "@/components/ui/button";', "lib/server sits below the UI"],
    ["components/admin/logs/webhook-table.tsx", 'import { x } from "@/app/(app)/admin/webhooks/actions";', "components sit below app/"],
    [
      "components/shared/page-header.tsx",
      'import { deliver } from "@/lib/local/billing-simulator/delivery";',
      "reached only through lib/server's adapters",
    ],
    ["app/(app)/page.tsx", 'import { tenantQuery } from "@/convex/lib/functions";', "through convex/_generated"],
    ["app/(app)/page.tsx", 'import schema from "@/convex/schema";', "through convex/_generated"],
    ["cli/tenant.ts", 'import { getEnv } from "../lib/server/env";', "cli/ is a separate program"],
    ["cli/tenant.ts", 'import { api } from "../convex/_generated/api";', "cli/ is a separate program"],
  ])("%s: %s", async (file, code, why) => {
    const messages = await restricted(file, `${code}\nexport const used = [${code.match(/import (?:type )?\{? ?(\w+)/)![1]}];\n`);
    expect(messages.join("\n")).toContain(why);
  });

  it("a Convex module name a deployment would refuse (api-door.ts)", async () => {
    expect((await restricted("convex/lib/api-door.ts", "export const x = 1;\n")).join("\n")).toContain(
      "Path component api-door.js can only contain",
    );
  });
});

describe("and let the downward ones through", () => {
  it.each([
    ["convex/portal/agents.ts", 'import { PLANS } from "../../lib/domain/plans";'],
    ["convex/lib/functions.ts", 'import { query } from "../_generated/server";'],
    ["components/shared/page-header.tsx", 'import { api } from "@/convex/_generated/api";'],
    ["app/(app)/page.tsx", 'import { getSession } from "@/lib/server/auth";'],
    ["lib/server/billing/simulator.ts", 'import { deliver } from "@/lib/local/billing-simulator/delivery";'],
    ["cli/tenant.ts", 'import { PLANS } from "../lib/domain/plans";'],
  ])("%s: %s", async (file, code) => {
    expect(await restricted(file, `${code}\nexport const used = [${code.match(/import (?:type )?\{? ?(\w+)/)![1]}];\n`)).toEqual([]);
  });
});
