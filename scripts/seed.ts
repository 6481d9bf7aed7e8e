/**
 * `npm run seed`: loads the demo data into the local Convex (idempotent).
 * Talks to a running convex-local at CONVEX_LOCAL_URL (default
 * http://127.0.0.1:3210) if there is one, else starts one on the data dir for
 * the duration of the seed. Calls go through the real client with the
 * deployment's admin key (internal functions, as `npx convex run` does).
 */
import fs from "node:fs";
import path from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { DEMO_USERS, localUserId } from "../lib/local/identity/directory";
import { startConvexServer } from "../lib/local/convex/server";
import { silentLogger } from "../lib/local/convex/log";

const DAYS = 90;
const base = makeFunctionReference<"mutation">("dev/seed:base");
const usageDay = makeFunctionReference<"mutation">("dev/seed:usageDay");
const migrationsRun = makeFunctionReference<"mutation">("jobs/migrations:run");
const migrationsStatus = makeFunctionReference<"query">("jobs/migrations:status");
type MigrationStatus = { name: string; state: string; processed: number; isDone: boolean; error?: string };
type AdminClient = ConvexHttpClient & { setAdminAuth(key: string): void };

function bar(done: number, total: number, label: string) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stdout.write(`\r  ${label.padEnd(10)} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${done}/${total}`);
  if (done === total) process.stdout.write("\n");
}

async function reachable(url: string) {
  try {
    return (await fetch(`${url}/version`)).ok;
  } catch {
    return false;
  }
}

/** The real client with the deployment's admin key: internal functions, as `npx convex run` calls them. */
function adminClient(url: string, dataDir: string) {
  const client = new ConvexHttpClient(url, { logger: false }) as AdminClient;
  client.setAdminAuth(fs.readFileSync(path.join(dataDir, "admin-key"), "utf8").trim());
  return client;
}

/**
 * The upgrade step (convex/jobs/migrations.ts): starts every pending data
 * migration and prints their progress until all are done. Done ones are
 * skipped, so this is cheap on every start. Returns the migrations that did
 * not finish (failed, or still running after `waitMs`: they go on in the
 * background and resume where they stopped).
 */
export async function runMigrations(opts: { url: string; dataDir: string; waitMs?: number; log?: (line: string) => void }) {
  const client = adminClient(opts.url, opts.dataDir);
  const log = opts.log ?? ((line: string) => console.log(line));
  await client.mutation(migrationsRun, {});
  const deadline = Date.now() + (opts.waitMs ?? 120_000);
  let last = "";
  for (;;) {
    const statuses = (await client.query(migrationsStatus, {})) as MigrationStatus[];
    const pending = statuses.filter((s) => !s.isDone);
    // "unknown": no worker runs it, as for the series' later migrations while an earlier one runs.
    const state = (s: MigrationStatus) => (s.state === "unknown" && !s.isDone ? "waiting" : s.state);
    const line = statuses.map((s) => `${s.name.replace(/^jobs\/migrations:/, "")} ${state(s)} (${s.processed})`).join(", ");
    if (line !== last && pending.length > 0) log(`  migrations: ${line}`);
    else if (pending.length === 0 && last !== "" && last !== line) log(`  migrations: all done (${line})`);
    last = line;
    const stuck = pending.filter((s) => s.state === "failed" || s.state === "canceled");
    if (pending.length === 0 || stuck.length > 0 || Date.now() > deadline) return pending;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function seed(opts: { url?: string; dataDir?: string } = {}) {
  const dataDir = path.resolve(opts.dataDir ?? process.env.CONVEX_LOCAL_DATA_DIR ?? ".data/convex");
  let url = opts.url ?? process.env.CONVEX_LOCAL_URL ?? "http://127.0.0.1:3210";
  let stop = async () => {};
  if (!(await reachable(url))) {
    const server = await startConvexServer({ dataDir, port: 0, log: silentLogger });
    url = server.url;
    stop = () => server.close();
  }
  try {
    const client = adminClient(url, dataDir);
    const users = DEMO_USERS.map((u) => ({
      externalId: localUserId(u.email),
      email: u.email,
      name: u.name,
      platformRole: u.platformRole ?? "none",
    }));
    const { tenants } = (await client.mutation(base, { users })) as { tenants: string[] };
    console.log(`Seeding ${tenants.length} tenants with ${DAYS} days of usage`);
    let events = 0;
    for (const slug of tenants) {
      for (let daysAgo = DAYS - 1; daysAgo >= 0; daysAgo--) {
        events += (await client.mutation(usageDay, { slug, daysAgo })) as number;
        bar(DAYS - daysAgo, DAYS, slug);
      }
    }
    console.log(events > 0 ? `Recorded ${events.toLocaleString()} usage events.` : "Demo data already present; nothing to do.");
  } finally {
    await stop();
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  seed().catch((e) => {
    console.error(`Seeding failed: ${(e as Error).message}`);
    process.exit(1);
  });
}
