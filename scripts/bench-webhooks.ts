/**
 * `npm run bench:webhooks [-- --json]`: Stripe webhook throughput against a running
 * local production build (`npm start`). Not a test.
 *
 * Setup goes through the app as a person would: new local users sign in, create
 * tenants, and subscribe through the simulator's Checkout. Then 2,000 signed
 * deliveries (distinct subscription updates, 20% of them repeated, shuffled) are
 * posted to POST /api/webhooks/stripe with a few in flight at once. Afterwards each
 * tenant must be on the plan of its newest event: every mismatch or non-2xx answer
 * is a state error. The last line is one JSON object.
 *
 * Flags: --url http://localhost:3000, --convex-url (default CONVEX_LOCAL_URL or
 * http://127.0.0.1:3210), --data-dir .data (for the generated webhook secret),
 * --events 2000, --duplicates 0.2, --tenants 20, --concurrency 4, --json.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ConvexHttpClient } from "convex/browser";
import Stripe from "stripe";
import { api } from "../convex/_generated/api";
import { PLAN_IDS, type PlanId } from "../lib/domain/plans";
import { eventObject } from "../lib/local/billing-simulator/objects/event";
import { subscriptionItem, subscriptionObject } from "../lib/local/billing-simulator/objects/subscription";
import { addMonth } from "../lib/local/billing-simulator/ids";

for (const file of [".env", ".env.local"]) if (fs.existsSync(file)) process.loadEnvFile(file);
const { values: flags } = parseArgs({
  options: {
    url: { type: "string", default: "http://localhost:3000" },
    "convex-url": { type: "string", default: process.env.CONVEX_LOCAL_URL ?? "http://127.0.0.1:3210" },
    "data-dir": { type: "string", default: process.env.TENANTRY_DATA_DIR ?? ".data" },
    events: { type: "string", default: "2000" },
    duplicates: { type: "string", default: "0.2" },
    tenants: { type: "string", default: "20" },
    concurrency: { type: "string", default: "4" },
    json: { type: "boolean", default: false },
  },
});
const URL_ = flags.url.replace(/\/$/, "");
const TOTAL = Number(flags.events);
const UNIQUE = Math.round(TOTAL * (1 - Number(flags.duplicates)));
const TENANTS = Number(flags.tenants);
const CONCURRENCY = Number(flags.concurrency);
const log = (line: string) => !flags.json && console.log(line);

/** The webhook secret the app verifies with: STRIPE_WEBHOOK_SECRET, or the one the app generated in its data dir. */
function webhookSecret(): string {
  if (process.env.STRIPE_WEBHOOK_SECRET) return process.env.STRIPE_WEBHOOK_SECRET;
  const file = path.join(path.resolve(flags["data-dir"]), "stripe-webhook-secret");
  try {
    fs.writeFileSync(file, `whsec_${crypto.randomBytes(24).toString("hex")}`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return fs.readFileSync(file, "utf8").trim();
}

type Tenant = { slug: string; customerId: string; subscriptionId: string; client: ConvexHttpClient };

async function json(res: Response, what: string) {
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${what}: ${res.status} ${JSON.stringify(body)}`);
  return body as Record<string, unknown>;
}

/** One person, one tenant, one paid Checkout (through the simulator), as the app would see it. */
async function subscribedTenant(run: string, i: number): Promise<Tenant> {
  const email = `bench-${run}-${i}@bench.test`;
  const signIn = await fetch(`${URL_}/api/local-auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email }),
  });
  await json(signIn, "sign in");
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { token } = await json(await fetch(`${URL_}/api/local-auth/token`, { headers: { cookie } }), "token");
  const client = new ConvexHttpClient(flags["convex-url"], { logger: false });
  client.setAuth(String(token));
  await client.mutation(api.account.users.ensureMe, {});
  const slug = `bench-${run}-${i}`;
  await client.mutation(api.account.tenants.create, { name: `Bench ${i}`, slug, plan: "starter" });
  const post = (p: string, body: object) =>
    fetch(`${URL_}${p}`, { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify(body) });
  const { url } = await json(await post(`/t/${slug}/billing/checkout`, { plan: "starter", attempt: crypto.randomUUID() }), "checkout");
  const sessionId = String(url).split("/").pop();
  await json(await post(`/checkout/${sessionId}/pay`, { number: "4242424242424242", expiry: "12/39", cvc: "123" }), "pay");
  // The browser is never handed Stripe ids (billing:overview): read them from the simulator's account, as Stripe's dashboard would show them.
  const account = JSON.parse(fs.readFileSync(path.join(path.resolve(flags["data-dir"]), "stripe-simulator.json"), "utf8"));
  const session = account.checkoutSessions?.[String(sessionId)];
  if (!session?.customer || !session?.subscription) throw new Error(`${slug}: no subscription after checkout`);
  return { slug, customerId: String(session.customer), subscriptionId: String(session.subscription), client };
}

/** Each tenant's subscription changing plan again and again, one second apart, starting after its checkout. */
function lifeOf(t: Tenant, count: number, start: number) {
  const events = [];
  let plan: PlanId = "starter";
  for (let i = 0; i < count; i++) {
    plan = PLAN_IDS[(i + 1) % PLAN_IDS.length];
    const sub = subscriptionObject({
      id: t.subscriptionId,
      customerId: t.customerId,
      plan,
      start: start - 86_400,
      metadata: {},
      paymentMethod: null,
    });
    const item = { ...subscriptionItem(sub.id, plan, start - 86_400, addMonth(start - 86_400), start - 86_400), id: sub.items.data[0].id };
    events.push(eventObject("customer.subscription.updated", { ...sub, items: { ...sub.items, data: [item] } }, start + i + 1));
  }
  return { events, expected: plan };
}

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

async function main() {
  const secret = webhookSecret();
  const run = crypto.randomBytes(3).toString("hex");
  log(`Setting up ${TENANTS} tenants through sign-in and Checkout at ${URL_}…`);
  const tenants: Tenant[] = [];
  for (let i = 0; i < TENANTS; i++) tenants.push(await subscribedTenant(run, i));
  const start = Math.floor(Date.now() / 1000) + 60;
  const lives = tenants.map((t, i) => lifeOf(t, Math.floor(UNIQUE / TENANTS) + (i < UNIQUE % TENANTS ? 1 : 0), start));
  const unique = lives.flatMap((l) => l.events.map((e) => JSON.stringify(e)));
  const deliveries = shuffle([...unique, ...Array.from({ length: TOTAL - unique.length }, () => unique[crypto.randomInt(unique.length)])]);

  log(`Delivering ${deliveries.length} signed events (${unique.length} distinct), ${CONCURRENCY} at a time…`);
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < deliveries.length) {
        const payload = deliveries[next++];
        const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
        const t0 = performance.now();
        const res = await fetch(`${URL_}/api/webhooks/stripe`, {
          method: "POST",
          headers: { "content-type": "application/json", "stripe-signature": signature },
          body: payload,
        });
        const answer = await res.text();
        latencies.push(performance.now() - t0);
        if (!res.ok && failures++ < 3) log(`  ${res.status}: ${answer.slice(0, 300)}`);
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  let wrong = 0;
  for (const [i, t] of tenants.entries()) {
    const o = await t.client.query(api.billing.account.overview, { slug: t.slug });
    if (o.tenant.plan !== lives[i].expected || o.subscription?.plan !== lives[i].expected) {
      if (wrong++ < 3) log(`  ${t.slug}: plan ${o.tenant.plan}, subscription ${o.subscription?.plan}, expected ${lives[i].expected}`);
    }
  }
  latencies.sort((a, b) => a - b);
  const result = {
    events: deliveries.length,
    events_per_s: Math.round((deliveries.length / seconds) * 10) / 10,
    p95_ms: Math.round(latencies[Math.floor(latencies.length * 0.95)] * 10) / 10,
    state_errors: wrong + failures,
    distinct: unique.length,
    concurrency: CONCURRENCY,
    tenants: TENANTS,
  };
  log(
    `${result.events} events in ${seconds.toFixed(2)} s: ${result.events_per_s}/s, p95 ${result.p95_ms} ms, ${failures} non-2xx, ${wrong} tenants in the wrong state.`,
  );
  console.log(JSON.stringify(result));
  if (result.state_errors > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(`bench:webhooks failed: ${(error as Error).message}`);
  process.exit(1);
});
