/**
 * `npm run bench:cli -- [--json] [--events N] [--users N] [--data-dir DIR]`: the tenantry
 * CLI's two bulk paths, measured as an operator runs them.
 *
 * A server part (this file with `--part server`, run under the react-server condition so
 * the admin API's server modules load in plain Node) starts convex-local on the
 * project's convex/, seeds tenant "bench" with N usage events (default 1,000,000) through
 * the real recording path (applyUsage in mutations of 2,000, as bench:dashboard does),
 * makes a platform token through admin/tokens:create as the demo admin, and serves
 * /api/admin/v1 over HTTP with the real handlers (lib/server/admin-api/dispatch.ts) and
 * the real platform-token path (admin/tokens:use, then operatorToken on every call).
 * Then the real CLI (bin/tenantry.mjs) runs as a separate process, and its peak RSS is
 * read from /proc/<pid>/status (VmHWM):
 *
 * - `tenantry tenant export bench --output FILE`: every table of the GDPR export, the
 *   usage events included -> export_rows_per_s (target >= 20,000), export_peak_rss_mb (<= 200).
 * - `tenantry tenant import-users bench-import --csv FILE` with `--users` rows (default
 *   10,000) -> import_users_10k_s (target <= 30 s), all rows invited.
 *
 * Progress goes to stderr; with --json the last line of stdout is one JSON object.
 * --data-dir keeps the seeded data and reuses it (seeding 1M events takes minutes).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { seedUsage } from "./bench/seed-usage";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    events: { type: "string", default: "1000000" },
    users: { type: "string", default: "10000" },
    "data-dir": { type: "string" },
    part: { type: "string" },
  },
});
const EVENTS = Number(values.events.replace(/[_,]/g, ""));
const USERS = Number(values.users.replace(/[_,]/g, ""));
const log = (s: string) => process.stderr.write(s);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The orchestrator: starts the server part, runs the CLI twice, reports. */
async function main() {
  if (!Number.isInteger(EVENTS) || EVENTS < 1) throw new Error("--events takes a positive integer");
  const dataDir = values["data-dir"] ? path.resolve(values["data-dir"]) : fs.mkdtempSync(path.join(os.tmpdir(), "bench-cli-"));
  const server = spawn(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      fileURLToPath(import.meta.url),
      "--part",
      "server",
      "--events",
      String(EVENTS),
      "--data-dir",
      dataDir,
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  try {
    const ready = await firstLine(server);
    const { port, token } = JSON.parse(ready) as { port: number; token: string };
    const env = { ...process.env, TENANTRY_URL: `http://127.0.0.1:${port}`, TENANTRY_TOKEN: token, NO_COLOR: "1" };
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-cli-out-"));

    log(`Exporting tenant "bench" (${EVENTS.toLocaleString()} usage events) with the CLI...\n`);
    const exportFile = path.join(work, "bench.json");
    const exp = await runCli(["tenant", "export", "bench", "--format", "json", "--output", exportFile, "--json"], env);
    const summary = JSON.parse(exp.stdout) as { rows: number; counts: Record<string, number>; seconds: number };
    const exportSize = fs.statSync(exportFile).size;
    fs.rmSync(exportFile);
    log(
      `  ${summary.rows.toLocaleString()} rows (${summary.counts.usageEvents.toLocaleString()} usage events) in ${exp.seconds.toFixed(1)} s, peak RSS ${exp.peakMb} MB\n`,
    );

    log(`Importing ${USERS.toLocaleString()} users from a CSV with the CLI...\n`);
    const csv = path.join(work, "users.csv");
    fs.writeFileSync(
      csv,
      [
        "name,email,role",
        ...Array.from({ length: USERS }, (_, i) => `Person ${i},person${i}@bench-import.test,${["member", "viewer", "admin"][i % 3]}`),
      ].join("\n"),
    );
    const imp = await runCli(["tenant", "import-users", "bench-import", "--csv", csv, "--json"], env);
    const imported = JSON.parse(imp.stdout) as { summary: Record<string, number> };
    log(`  ${JSON.stringify(imported.summary)} in ${imp.seconds.toFixed(1)} s, peak RSS ${imp.peakMb} MB\n`);
    fs.rmSync(work, { recursive: true, force: true });

    const result = {
      events: EVENTS,
      export_rows: summary.rows,
      export_usage_events: summary.counts.usageEvents,
      export_seconds: round(exp.seconds),
      export_rows_per_s: Math.round(summary.rows / exp.seconds),
      export_peak_rss_mb: exp.peakMb,
      export_file_mb: round(exportSize / 2 ** 20),
      import_users: USERS,
      import_users_invited: imported.summary.invited ?? 0,
      import_users_10k_s: round(imp.seconds),
      import_peak_rss_mb: imp.peakMb,
      targets: { export_rows_per_s: 20_000, export_peak_rss_mb: 200, import_users_10k_s: 30 },
    };
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else console.table(result);
  } finally {
    server.kill("SIGTERM");
    if (!values["data-dir"]) setTimeout(() => fs.rmSync(dataDir, { recursive: true, force: true }), 500);
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = "";
    child.stdout!.on("data", (c: Buffer) => {
      buf += c.toString();
      const nl = buf.indexOf("\n");
      if (nl !== -1) resolve(buf.slice(0, nl));
    });
    child.on("exit", (code) => reject(new Error(`the server part exited (${code}) before it was ready`)));
  });
}

/** Runs bin/tenantry.mjs as its own process; peak RSS is the kernel's high-water mark (VmHWM), sampled until it exits. */
async function runCli(args: string[], env: NodeJS.ProcessEnv) {
  const began = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, "bin", "tenantry.mjs"), ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let peakKb = 0;
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const sample = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      // exited between samples
    }
  };
  const timer = setInterval(sample, 50);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearInterval(timer);
  const seconds = (performance.now() - began) / 1000;
  if (code !== 0) throw new Error(`tenantry ${args.slice(0, 2).join(" ")} exited ${code}: ${stderr.slice(-2000)}`);
  return { stdout, seconds, peakMb: Math.round(peakKb / 1024) };
}

/** The server part: convex-local, the seeded tenants, a platform token and the admin API over HTTP. */
async function serve() {
  const { makeFunctionReference } = await import("convex/server");
  const { startConvexLocal } = await import("../lib/local/convex/index");
  const { DEMO_USERS, localUserId } = await import("../lib/local/identity/directory");
  const { dispatchAdmin } = await import("../lib/server/admin-api/dispatch");
  const { platformTokenOperator, PLATFORM_TOKEN_PREFIX } = await import("../lib/server/admin-api/operator");
  type Operator = import("../lib/server/admin-api/operator").Operator;

  const secret = "bench-cli-system-secret-0123456789abcdef";
  const dataDir = path.resolve(values["data-dir"]!);
  const t = await startConvexLocal({ dataDir, port: 0, functionsDir: path.join(ROOT, "convex"), env: { TENANTRY_SYSTEM_SECRET: secret } });
  const staff = DEMO_USERS.find((u) => u.platformRole === "admin")!;
  const hasUsers = await t.query(async (ctx) => (await ctx.db.query("users").first()) !== null);
  if (!hasUsers)
    await t.mutation(makeFunctionReference<"mutation">("dev/seed:base"), {
      users: DEMO_USERS.filter((u) => u.platformRole).map((u) => ({
        externalId: localUserId(u.email),
        email: u.email,
        name: u.name,
        platformRole: u.platformRole!,
      })),
    });
  await seedUsage(t, "bench", EVENTS, log);
  const asStaff = t.withIdentity({ subject: localUserId(staff.email), email: staff.email, name: staff.name });
  // A fresh, empty tenant for each import run.
  await t.run(async (ctx) => {
    const old = await ctx.db
      .query("tenants")
      .withIndex("by_slug", (q: { eq(f: string, v: string): unknown }) => q.eq("slug", "bench-import"))
      .unique();
    if (old) await ctx.db.patch(old._id, { slug: `bench-import-old-${Date.now()}` });
  });
  await asStaff.mutation(makeFunctionReference<"mutation">("admin/provision:create"), {
    name: "Bench Import",
    slug: "bench-import",
    plan: "enterprise",
    billingEmail: "billing@bench-import.test",
  });
  const { token } = (await asStaff.mutation(makeFunctionReference<"mutation">("admin/tokens:create"), {
    name: `bench ${Date.now()}`,
    role: "admin",
    expiresInDays: 7,
  })) as { token: string };

  const operatorOf = (request: Request, apiPath: string) => {
    const bearer = /^Bearer\s+(\S+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
    if (!bearer?.startsWith(PLATFORM_TOKEN_PREFIX)) return null;
    return platformTokenOperator(
      bearer,
      request,
      apiPath,
      (args) => t.mutation(makeFunctionReference<"mutation">("admin/tokens:use"), { ...args, secret }),
      t as unknown as Operator,
    );
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url!, "http://127.0.0.1");
    const request = new Request(url, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
    });
    const segments = url.pathname
      .replace(/^\/api\/admin\/v1\//, "")
      .split("/")
      .map(decodeURIComponent);
    const response = await dispatchAdmin(request, segments, operatorOf);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port, token })}\n`);
  process.on("SIGTERM", async () => {
    server.close();
    await t.close();
    process.exit(0);
  });
}

/**
 * Seeding: one tenant with N usage events through the real recording path (applyUsage in
 * mutations of BATCH events, so events, rollups and counters are written together), over
 * 90 days and eight agents, as bench:dashboard seeds. A data dir holding it already is reused.
 */
// Last, so every constant above is initialised before either part runs.
if (values.part === "server") await serve();
else await main();
