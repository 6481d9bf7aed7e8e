/**
 * `npm run bench:admin [-- --json] [-- --tenants N] [-- --events-per-tenant N]`
 *
 * Seeds convex-local with N tenants (default 10,000) and their usage (default
 * 100 raw events each: 1,000,000 in all) through internal mutations in big
 * batches, then measures the admin console's queries through the real client,
 * signed in as platform staff:
 *
 *   tenants_page_p95_ms     first page of all tenants sorted by cost (50 rows)
 *   search_page_p95_ms      a filtered and searched page (pro, active, "north...")
 *   overview_p95_ms         the platform overview
 *   detail_p95_ms           one tenant's detail view
 *
 * and the documents each reads (ctx.meta.getTransactionMetrics, through
 * dev/bench:measure running the same loaders). Target: every p95 <= 30 ms,
 * documents read independent of the number of events. Progress goes to
 * stderr; with --json the last line is one JSON object.
 * Options: --samples N (default 200), --keep-data DIR (seed once, reuse).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { makeFunctionReference } from "convex/server";
import type { Value } from "convex/values";
import { startConvexLocal, type ConvexLocalHandle } from "../lib/local/convex/index";
import { DEMO_USERS, localUserId } from "../lib/local/identity/directory";

const STAFF = "staff@tenantry.test";
// Tenants per seeding mutation: about 800 events each, well inside the 1 s limit on a busy machine.
const EVENTS_PER_MUTATION = 800;
const WARMUP = 30;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const n = Number(String(process.argv[i + 1]).replace(/_/g, ""));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} needs a positive whole number`);
  return n;
}
const json = process.argv.includes("--json");
const keep = process.argv.includes("--keep-data") ? process.argv[process.argv.indexOf("--keep-data") + 1] : null;
const tenants = option("tenants", 10_000);
const perTenant = option("events-per-tenant", 100);
const samples = option("samples", 200);
const log = (line: string) => process.stderr.write(`${line}\n`);
const ref = (name: string) => makeFunctionReference<"query" | "mutation">(name) as never;

/** Seeds once per data dir; returns the number of raw usage events written. */
async function seed(t: ConvexLocalHandle, dataDir: string): Promise<number> {
  const marker = path.join(dataDir, `bench-admin-${tenants}x${perTenant}.json`);
  if (fs.existsSync(marker)) {
    log(`reusing seeded data in ${dataDir}`);
    return (JSON.parse(fs.readFileSync(marker, "utf8")) as { events: number }).events;
  }
  const users = DEMO_USERS.filter((u) => u.platformRole).map((u) => ({
    externalId: localUserId(u.email),
    email: u.email,
    name: u.name,
    platformRole: u.platformRole!,
  }));
  await t.mutation(ref("dev/seed:base"), { users });
  const started = Date.now();
  let events = 0;
  const batch = Math.max(1, Math.floor(EVENTS_PER_MUTATION / perTenant));
  let logged = 0;
  for (let from = 0; from < tenants; from += batch) {
    events += (
      (await t.mutation(ref("dev/bench:seedTenants"), { from, count: Math.min(batch, tenants - from), eventsPerTenant: perTenant })) as {
        events: number;
      }
    ).events;
    const done = Math.min(from + batch, tenants);
    if (done - logged >= 500 || done === tenants) {
      logged = done;
      const rate = (done * perTenant) / ((Date.now() - started) / 1000);
      log(
        `  seeded ${done.toLocaleString()}/${tenants.toLocaleString()} tenants, ${(done * perTenant).toLocaleString()} events (${Math.round(rate).toLocaleString()} events/s)`,
      );
    }
  }
  fs.writeFileSync(marker, JSON.stringify({ events, at: new Date().toISOString() }));
  return events;
}

async function time(label: string, run: () => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await run();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const p = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)] * 100) / 100;
  log(`  ${label.padEnd(14)} p50 ${p(0.5)} ms  p95 ${p(0.95)} ms`);
  return p(0.95);
}

async function main() {
  const dataDir = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), "bench-admin-"));
  fs.mkdirSync(dataDir, { recursive: true });
  const t = await startConvexLocal({ dataDir, port: 0, functionsDir: path.resolve(import.meta.dirname, "..", "convex") });
  try {
    log(`seeding ${tenants.toLocaleString()} tenants x ${perTenant} events into ${dataDir}`);
    let events = await seed(t, dataDir);
    const staff = t.withIdentity({ subject: localUserId(STAFF), email: STAFF, name: "Staff" });
    const views: Record<string, { args: Record<string, Value>; run: () => Promise<unknown> }> = {};
    const byCost = { sort: "cost", order: "desc", pageSize: 50 } as const;
    const search = { plan: "pro", status: "active", search: "north", sort: "cost", order: "desc", pageSize: 50 } as const;
    const first = (await staff.query(ref("admin/tenants:list"), byCost)) as { rows: { slug: string }[]; total: number };
    const slug = first.rows[0].slug;
    views.tenants = { args: byCost, run: () => staff.query(ref("admin/tenants:list"), byCost) };
    views.search = { args: search, run: () => staff.query(ref("admin/tenants:list"), search) };
    views.overview = { args: {}, run: () => staff.query(ref("admin/overview:get"), {}) };
    views.detail = { args: { slug }, run: () => staff.query(ref("admin/tenantDetail:get"), { slug }) };
    log(
      `measuring through the HTTP client (${samples} samples each, after ${WARMUP} warm-up calls); ${first.total.toLocaleString()} tenants listed`,
    );
    const p95: Record<string, number> = {};
    const docs: Record<string, number> = {};
    for (const [name, view] of Object.entries(views)) {
      p95[name] = await time(name, view.run);
      const measured = (await t.query(ref("dev/bench:measure"), {
        view: name === "search" ? "tenants" : name,
        staffEmail: STAFF,
        args: view.args,
      })) as { documentsRead: number };
      docs[name] = measured.documentsRead;
    }
    // Documents read must not grow with events: add usage to the measured tenant and read again.
    const more = 20 * perTenant;
    for (let added = 0; added < more; added += 500)
      await t.mutation(ref("dev/bench:addEvents"), { slug, count: Math.min(500, more - added) });
    const after: Record<string, number> = {};
    for (const [name, view] of Object.entries(views)) {
      after[name] = (
        (await t.query(ref("dev/bench:measure"), { view: name === "search" ? "tenants" : name, staffEmail: STAFF, args: view.args })) as {
          documentsRead: number;
        }
      ).documentsRead;
    }
    events += more;
    fs.writeFileSync(
      path.join(dataDir, `bench-admin-${tenants}x${perTenant}.json`),
      JSON.stringify({ events, at: new Date().toISOString() }),
    );
    log(
      `  documents read before / after ${more.toLocaleString()} more events for ${slug}: ${Object.keys(docs)
        .map((k) => `${k} ${docs[k]}/${after[k]}`)
        .join(", ")}`,
    );
    const result = {
      tenants: first.total,
      events,
      tenants_page_p95_ms: p95.tenants,
      tenants_page_docs_read: docs.tenants,
      search_page_p95_ms: p95.search,
      search_page_docs_read: docs.search,
      overview_p95_ms: p95.overview,
      overview_docs_read: docs.overview,
      detail_p95_ms: p95.detail,
      detail_docs_read: docs.detail,
      docs_read_unchanged_after_more_events: Object.keys(docs).every((k) => docs[k] === after[k]),
      target_p95_ms: 30,
      within_target: [p95.tenants, p95.search, p95.overview, p95.detail].every((ms) => ms <= 30),
    };
    if (json) console.log(JSON.stringify(result));
    else console.log(result);
  } finally {
    await t.close();
    if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench:admin failed: ${(e as Error).message}`);
  process.exit(1);
});
