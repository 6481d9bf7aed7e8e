/**
 * `npm run bench:pages -- [--json] [--loads 20] [--port 3600] [--convex-port 3610] [--data-dir .data-bench-pages] [--no-build] [--url URL] [--pages /t/acme/usage,/admin]`:
 * how fast every portal and admin page is, in Debian's Chromium against a production build.
 *
 * 1. Starts the app as `npm start` does (scripts/start.ts: convex-local seeded with the demo
 *    data, `next build` when the build in NEXT_DIST_DIR is missing or stale, `next start`).
 * 2. For every page, as the role that uses it (owner for the portal, staff for the admin
 *    console), LOADS navigations cold (a fresh browser context each time: no HTTP cache, no
 *    warm JS) and LOADS warm (one context, the page loaded once before): navigation start to
 *    the load event and to the largest contentful paint, p50 and p95.
 * 3. Each route's first-load JavaScript: the scripts its server-rendered HTML references,
 *    read from the build output and gzipped (what a first visit downloads before hydration).
 *    Counted: every `<script src>` except `nomodule` ones, and every `<link rel=preload
 *    as=script>` (next/dynamic components rendered on the server preload their chunk that
 *    way, and hydration waits for it). Not counted: the `nomodule` polyfills (~40 kB gz),
 *    which a browser with ES modules (Chromium here, every browser Next supports) neither
 *    downloads nor runs; and chunks fetched later by a dynamic import() (a chart after
 *    hydration, a dialog when opened). That is the same line Next draws: its build's
 *    "First Load JS" (diagnostics/route-bundle-stats.json) is the route's entry chunks,
 *    without the polyfills or lazily loaded chunks. Next's own figure is reported beside
 *    ours (`next_first_load_js_kb`) as a cross-check; it is a little higher because it
 *    also counts the error and not-found boundaries' chunks, which load only when shown.
 *
 * Each row also names its LCP element as it was on the slowest warm load (`warm_lcp_element`,
 * e.g. `h1 "Usage and costs"`), so a slow figure says what the page waited for. `--pages`
 * measures only the listed pages (a quick check of one fix).
 *
 * Progress goes to stderr; with --json the last line of stdout is one JSON object:
 * { pages: [{ page, role, cold_load_p95_ms, cold_lcp_p95_ms, warm_load_p95_ms, warm_lcp_p95_ms, first_load_js_kb, next_first_load_js_kb, ... }],
 *   warm_lcp_p95_ms_max, cold_lcp_p95_ms_max, first_load_js_kb_max, targets, meets_targets }.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import zlib from "node:zlib";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    loads: { type: "string", default: "20" },
    port: { type: "string", default: "3600" },
    "convex-port": { type: "string", default: "3610" },
    "data-dir": { type: "string", default: ".data-bench-pages" },
    "no-build": { type: "boolean", default: false },
    /** Measure an app that is already running (seeded with the demo data) instead of starting one. */
    url: { type: "string" },
    /** Comma-separated pages from the list below; the default is all of them. */
    pages: { type: "string" },
  },
});
const LOADS = Number(values.loads);
if (!Number.isInteger(LOADS) || LOADS < 1) throw new Error("--loads takes a positive integer");
const BASE = values.url ?? `http://localhost:${values.port}`;
const DIST = process.env.NEXT_DIST_DIR ?? ".next";
const TARGETS = { warm_lcp_p95_ms: 500, cold_lcp_p95_ms: 900, first_load_js_kb: 200 };
const log = (s: string) => process.stderr.write(s);

type Role = "owner" | "staff";
const EMAIL: Record<Role, string> = { owner: "owner@acme.test", staff: "staff@tenantry.test" };
const PAGES: { page: string; role: Role }[] = [
  ...["", "/agents", "/team", "/usage", "/billing", "/api-keys", "/settings"].map((p) => ({ page: `/t/acme${p}`, role: "owner" as const })),
  ...["/admin", "/admin/tenants", "/admin/tenants/acme", "/admin/audit", "/admin/webhooks"].map((page) => ({
    page,
    role: "staff" as const,
  })),
];
const ONLY = values.pages?.split(",").map((s) => s.trim());
if (ONLY?.some((page) => !PAGES.some((x) => x.page === page)))
  throw new Error(`--pages takes pages from: ${PAGES.map((x) => x.page).join(", ")}`);
const MEASURED = ONLY ? PAGES.filter((x) => ONLY.includes(x.page)) : PAGES;
/** The route pattern Next's build reports a page under (/t/acme/agents -> /t/[slug]/agents). */
const routeOf = (page: string) => page.replace(/^\/t\/acme/, "/t/[slug]").replace(/^\/admin\/tenants\/acme/, "/admin/tenants/[slug]");

const p = (values: number[], q: number) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
};

async function startApp(): Promise<ChildProcess> {
  const args = ["tsx", "scripts/start.ts", "--port", values.port, "--convex-port", values["convex-port"], "--data-dir", values["data-dir"]];
  if (values["no-build"]) args.push("--no-build");
  args.push("--quiet");
  const child = spawn("npx", args, { stdio: ["ignore", "pipe", "pipe"], env: process.env, detached: true });
  child.stdout!.on("data", (d: Buffer) => log(`  [app] ${d.toString().trimEnd().split("\n").slice(-1)[0]}\n`));
  child.stderr!.on("data", (d: Buffer) => log(`  [app] ${d.toString().trimEnd().split("\n").slice(-1)[0]}\n`));
  const began = Date.now();
  while (Date.now() - began < 900_000) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} before it was ready`);
    try {
      if ((await fetch(`${BASE}/sign-in`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error("the app did not start within 15 minutes");
}

/** A browser context signed in as `role` through the local identity API, like the e2e setup. */
async function signedIn(browser: Browser, role: Role, state: Map<Role, string>): Promise<BrowserContext> {
  if (!state.has(role)) {
    const ctx = await browser.newContext({ baseURL: BASE });
    const res = await ctx.request.post("/api/local-auth/sign-in", { data: { email: EMAIL[role] } });
    if (!res.ok()) throw new Error(`sign-in as ${EMAIL[role]} answered ${res.status()}`);
    const file = path.join(values["data-dir"], `bench-${role}.json`);
    await ctx.storageState({ path: file });
    await ctx.close();
    state.set(role, file);
  }
  return browser.newContext({ baseURL: BASE, storageState: state.get(role)!, viewport: { width: 1440, height: 900 } });
}

type Sample = { load: number; lcp: number; element: string };

/** One navigation: ms from its start to the load event and to the largest contentful paint, and what that paint was. */
async function measure(page: Page, url: string): Promise<Sample> {
  const res = await page.goto(url, { waitUntil: "load" });
  if (!res || res.status() >= 400) throw new Error(`${url} answered ${res?.status()}`);
  return page.evaluate(
    () =>
      new Promise<Sample>((resolve) => {
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        const load = nav.loadEventEnd || performance.now();
        let lcp = 0;
        let element = "";
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            if (entry.startTime < lcp) continue;
            lcp = entry.startTime;
            // Inline, not a helper: tsx would wrap a named function in __name(), which the page does not have.
            const el = (entry as PerformanceEntry & { element: Element | null }).element;
            const text = (el?.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
            element = el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${text}"` : "(removed)";
          }
        });
        observer.observe({ type: "largest-contentful-paint", buffered: true });
        // LCP entries are delivered after the frame that painted them: two frames is enough after load.
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            observer.disconnect();
            resolve({ load, lcp: lcp || load, element });
          }),
        );
      }),
  );
}

/** The gzipped size of the scripts a route's HTML loads before hydration (see the header), read from the build output. */
async function firstLoadJsKb(context: BrowserContext, url: string): Promise<{ kb: number; files: number; biggest: string[] }> {
  const html = await (await context.request.get(url)).text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/gi)]
    .map((m) => m[0])
    .filter((tag) => !/\snomodule[\s=>]/i.test(tag))
    .map((tag) => /\ssrc="([^"]+)"/.exec(tag)?.[1]);
  const preloads = [...html.matchAll(/<link\b[^>]*>/gi)]
    .map((m) => m[0])
    .filter((tag) => /\srel="preload"/.test(tag) && /\sas="script"/.test(tag))
    .map((tag) => /\shref="([^"]+)"/.exec(tag)?.[1]);
  const srcs = [...new Set([...scripts, ...preloads])].filter((s): s is string => !!s && s.includes("/_next/static/"));
  let total = 0;
  const sizes: [string, number][] = [];
  for (const src of srcs) {
    const rel = decodeURIComponent(src.split("/_next/static/")[1].split("?")[0]);
    const file = path.join(DIST, "static", rel);
    const body = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.from(await (await context.request.get(src)).body());
    const gz = zlib.gzipSync(body).length;
    total += gz;
    sizes.push([rel, gz]);
  }
  sizes.sort((a, b) => b[1] - a[1]);
  return {
    kb: Math.round((total / 1000) * 10) / 10,
    files: srcs.length,
    biggest: sizes.slice(0, 3).map(([f, s]) => `${path.basename(f)} ${(s / 1000).toFixed(1)} kB`),
  };
}

/** Next's own "First Load JS" for a route, gzipped: the chunks its build lists for it (null when the build wrote no stats). */
function nextFirstLoadJsKb(route: string): number | null {
  const file = path.join(DIST, "diagnostics", "route-bundle-stats.json");
  if (!fs.existsSync(file)) return null;
  const stats = JSON.parse(fs.readFileSync(file, "utf8")) as { route: string; firstLoadChunkPaths: string[] }[];
  const entry = stats.find((s) => s.route === route);
  if (!entry) return null;
  const bytes = entry.firstLoadChunkPaths.reduce((sum, chunk) => {
    // Listed relative to the project, under the build's own dist dir (".next/static/...").
    const file = path.resolve(chunk);
    return sum + (fs.existsSync(file) ? zlib.gzipSync(fs.readFileSync(file)).length : 0);
  }, 0);
  return Math.round((bytes / 1000) * 10) / 10;
}

type Row = {
  page: string;
  role: Role;
  cold_load_p50_ms: number | null;
  cold_load_p95_ms: number | null;
  cold_lcp_p95_ms: number | null;
  warm_load_p50_ms: number | null;
  warm_load_p95_ms: number | null;
  warm_lcp_p95_ms: number | null;
  first_load_js_kb: number;
  next_first_load_js_kb: number | null;
  scripts: number;
  biggest_scripts: string[];
  warm_lcp_element: string;
};

async function main() {
  log(`bench:pages: ${MEASURED.length} pages, ${LOADS} cold and ${LOADS} warm loads each, build in ${DIST}\n`);
  const app = values.url ? null : await startApp();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  const state = new Map<Role, string>();
  const rows: Row[] = [];
  try {
    for (const { page: url, role } of MEASURED) {
      const cold: Sample[] = [];
      for (let i = 0; i < LOADS; i++) {
        const context = await signedIn(browser, role, state);
        cold.push(await measure(await context.newPage(), url));
        await context.close();
        log(`\r  ${url.padEnd(22)} cold ${i + 1}/${LOADS}   `);
      }
      const context = await signedIn(browser, role, state);
      const page = await context.newPage();
      await measure(page, url);
      const warm: Sample[] = [];
      for (let i = 0; i < LOADS; i++) {
        warm.push(await measure(page, url));
        log(`\r  ${url.padEnd(22)} warm ${i + 1}/${LOADS}   `);
      }
      const js = await firstLoadJsKb(context, url);
      await context.close();
      const row: Row = {
        page: url,
        role,
        cold_load_p50_ms: p(
          cold.map((c) => c.load),
          0.5,
        ),
        cold_load_p95_ms: p(
          cold.map((c) => c.load),
          0.95,
        ),
        cold_lcp_p95_ms: p(
          cold.map((c) => c.lcp),
          0.95,
        ),
        warm_load_p50_ms: p(
          warm.map((c) => c.load),
          0.5,
        ),
        warm_load_p95_ms: p(
          warm.map((c) => c.load),
          0.95,
        ),
        warm_lcp_p95_ms: p(
          warm.map((c) => c.lcp),
          0.95,
        ),
        first_load_js_kb: js.kb,
        next_first_load_js_kb: nextFirstLoadJsKb(routeOf(url)),
        scripts: js.files,
        biggest_scripts: js.biggest,
        warm_lcp_element: warm.reduce((a, b) => (b.lcp > a.lcp ? b : a)).element,
      };
      rows.push(row);
      log(
        `\r  ${url.padEnd(22)} cold load/LCP p95 ${row.cold_load_p95_ms}/${row.cold_lcp_p95_ms} ms · warm ${row.warm_load_p95_ms}/${row.warm_lcp_p95_ms} ms · JS ${js.kb} kB · LCP ${row.warm_lcp_element}\n`,
      );
    }
  } finally {
    await browser.close();
    // The app runs in its own process group (detached): end it and its children (next start, convex-local).
    if (app?.pid) process.kill(-app.pid, "SIGTERM");
  }

  const max = (key: "warm_lcp_p95_ms" | "cold_lcp_p95_ms" | "first_load_js_kb") => Math.max(...rows.map((r) => Number(r[key] ?? 0)));
  const result = {
    loads: LOADS,
    build: DIST,
    pages: rows,
    warm_lcp_p95_ms_max: max("warm_lcp_p95_ms"),
    cold_lcp_p95_ms_max: max("cold_lcp_p95_ms"),
    first_load_js_kb_max: max("first_load_js_kb"),
    targets: TARGETS,
    meets_targets:
      max("warm_lcp_p95_ms") <= TARGETS.warm_lcp_p95_ms &&
      max("cold_lcp_p95_ms") <= TARGETS.cold_lcp_p95_ms &&
      max("first_load_js_kb") <= TARGETS.first_load_js_kb,
  };
  if (values.json) console.log(JSON.stringify(result));
  else {
    console.table(
      rows.map((r) => ({
        page: r.page,
        "cold load p95": r.cold_load_p95_ms,
        "cold LCP p95": r.cold_lcp_p95_ms,
        "warm load p95": r.warm_load_p95_ms,
        "warm LCP p95": r.warm_lcp_p95_ms,
        "JS kB": r.first_load_js_kb,
        "Next's JS kB": r.next_first_load_js_kb,
      })),
    );
    console.log(
      `max: warm LCP p95 ${result.warm_lcp_p95_ms_max} ms (target ${TARGETS.warm_lcp_p95_ms}), cold LCP p95 ${result.cold_lcp_p95_ms_max} ms (target ${TARGETS.cold_lcp_p95_ms}), first-load JS ${result.first_load_js_kb_max} kB (target ${TARGETS.first_load_js_kb})`,
    );
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(`bench:pages failed: ${(e as Error).message}`);
  process.exit(1);
});
