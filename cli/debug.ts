import type { Command } from "commander";
import type { Client } from "./client";
import type { IO } from "./io";
import { printFields, printJson, printTable } from "./output";
import { examples } from "./help";

type UserSession = {
  user: { id: string; email: string; name: string; platformRole: string; externalId: string };
  claims: Record<string, string>;
  tenants: { slug: string; name: string; status: string; role: string; canOpen: boolean; canChange: boolean; why: string }[];
  others: string;
  deniedAttempts: { at: number; lastAt: number; count: number; target: string | null }[];
  sessions: { note: string };
};
type Slow = {
  slug: string;
  functions: { fn: string; count: number; meanMs: number; p50Ms: number | null; p95Ms: number | null; maxMs: number }[];
  truncated: boolean;
};

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
const upTo = (ms: number | null) => (ms === null ? "-" : `<=${ms}`);

/** `tenantry debug ...`: read-only answers for support (support tokens may run them). */
export function debugCommands(program: Command, io: IO, api: Client) {
  const debug = program.command("debug").description("read-only diagnostics for support");

  debug
    .command("user-session")
    .description("a user's memberships and roles, what they can open and why not, token claims, recent refusals")
    .argument("<email-or-user-id>", "an email, a Convex user id or an identity subject")
    .option("--json", "print one JSON document")
    .addHelpText("after", examples(["tenantry debug user-session ana@acme.test", "tenantry debug user-session ana@acme.test --json"]))
    .action(async (who: string, o: { json?: boolean }) => {
      const out = (await api("GET", `debug/users/${encodeURIComponent(who)}`)) as UserSession;
      if (o.json) return printJson(io, out);
      printFields(io, [
        ["User", `${out.user.name} <${out.user.email}>`],
        ["User id", out.user.id],
        ["Identity", out.user.externalId],
        ["Platform role", out.user.platformRole],
        ["Token claims", JSON.stringify(out.claims)],
      ]);
      if (out.tenants.length)
        printTable(
          io,
          ["Tenant", "Status", "Role", "Can open", "Why"],
          out.tenants.map((t) => [t.slug, t.status, t.role, t.canOpen ? (t.canChange ? "yes" : "read only") : "no", t.why]),
        );
      else io.stdout("Member of no tenant.\n");
      io.stdout(`Other tenants: ${out.others}\n`);
      if (out.deniedAttempts.length)
        printTable(
          io,
          ["Refused (last 7 days)", "Last", "Times", "Target"],
          out.deniedAttempts.map((d) => [iso(d.at), iso(d.lastAt), d.count, d.target ?? "-"]),
        );
      else io.stdout("No refused attempts in the last 7 days.\n");
      io.stdout(`Sessions: ${out.sessions.note}\n`);
    });

  debug
    .command("slow-queries")
    .description("the slowest Convex functions for a tenant: count, p50, p95, max (kept 7 days)")
    .requiredOption("--tenant <slug>", "the tenant")
    .option("--since <period>", "how far back: 30m, 1h, 7d", "1h")
    .option("--limit <n>", "how many functions", "20")
    .option("--json", "print one JSON document")
    .addHelpText(
      "after",
      examples(["tenantry debug slow-queries --tenant acme", "tenantry debug slow-queries --tenant acme --since 24h --limit 5 --json"]),
    )
    .action(async (o: { tenant: string; since: string; limit: string; json?: boolean }) => {
      const q = `since=${encodeURIComponent(o.since)}&limit=${encodeURIComponent(o.limit)}`;
      const out = (await api("GET", `tenants/${encodeURIComponent(o.tenant)}/slow-queries?${q}`)) as Slow;
      if (o.json) return printJson(io, out);
      if (!out.functions.length) return io.stdout(`No Convex calls recorded for ${out.slug} in the last ${o.since}.\n`);
      printTable(
        io,
        ["Function", "Calls", "Mean ms", "p50 ms", "p95 ms", "Max ms"],
        out.functions.map((f) => [f.fn, f.count, f.meanMs, upTo(f.p50Ms), upTo(f.p95Ms), f.maxMs]),
      );
      io.stdout("p50 and p95 are bucket upper bounds (1, 2, 5, 10, 20, 50, 100, ... ms).\n");
    });
}
