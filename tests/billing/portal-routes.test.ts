// The simulator's portal and Checkout route handlers, called as Next calls them (Request in, Response out), with the
// real simulator behind them and only the sign-in faked: a portal session changes only its own customer's
// subscriptions, and ids that are no session ("__proto__", "toString") answer the JSON 404, never a 500.
import { vi, describe, it, expect, beforeAll, afterAll } from "vitest";
vi.mock("server-only", () => ({}));
// Signed in as someone: these routes only ask whether a session exists (the link itself is the bearer, as Stripe's are).
vi.mock("@/lib/server/auth", () => ({
  getSession: async () => ({ userId: "u_1", email: "owner@evil.test", name: "Evil", platformRole: "none", token: "t" }),
  getConvexToken: async () => "t",
}));
import { billingEnv, scratchDir, seedTenant, startWorld, type Seeded, type World, ownerDeps } from "./support/world";

const APP = "http://127.0.0.1:9";
const dataDir = scratchDir("portal-routes");
billingEnv(dataDir, { APP_URL: APP });

let world: World;
let globex: Seeded;
let evilPortal: string;

const depsFor = (user: { externalId: string; email: string }) => ownerDeps(world.t, user, APP);

type Route = (request: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;
async function post(route: Route, id: string, body: object) {
  const response = await route(
    new Request(`${APP}/x`, { method: "POST", headers: { "content-type": "application/json", origin: APP }, body: JSON.stringify(body) }),
    { params: Promise.resolve({ id }) },
  );
  return { status: response.status, body: (await response.json()) as { code?: string; message?: string } };
}
const card = { number: "4242 4242 4242 4242", expiry: "12 / 34", cvc: "123" };

beforeAll(async () => {
  world = await startWorld(dataDir);
  process.env.CONVEX_LOCAL_URL = world.t.url;
  const { openPortal, startCheckout } = await import("../../lib/server/billing/owner-actions");
  globex = await seedTenant(world.t, {
    slug: "globex-r",
    plan: "starter",
    customerId: "cus_demo_globex_r",
    subscriptionId: "sub_demo_globex_r",
    roles: ["owner"],
  });
  const evil = await seedTenant(world.t, { slug: "evil-r", plan: "starter", status: "trial", customerId: null, roles: ["owner"] });
  await openPortal(await depsFor(globex.users.owner), "globex-r", "globex-r-attempt-1");
  await startCheckout(await depsFor(evil.users.owner), "evil-r", "pro", "evil-r-attempt-1");
  evilPortal = (await openPortal(await depsFor(evil.users.owner), "evil-r", "evil-r-attempt-2")).url.split("/").pop()!;
});
afterAll(() => world.dispose());

describe("POST /checkout/portal/:id/subscription", () => {
  it("another customer's subscription: 404 like a missing one, and it keeps renewing", async () => {
    const { POST } = await import("../../app/(app)/checkout/portal/[id]/subscription/route");
    const { simulatorStore } = await import("../../lib/server/billing");
    const foreign = await post(POST, evilPortal, { subscriptionId: "sub_demo_globex_r", cancel: true });
    const missing = await post(POST, evilPortal, { subscriptionId: "sub_never_existed", cancel: true });
    expect(foreign).toMatchObject({ status: 404, body: { code: "NOT_FOUND" } });
    expect(missing).toMatchObject({ status: 404, body: { code: "NOT_FOUND" } });
    expect(foreign.body.message?.replace("sub_demo_globex_r", "<id>")).toBe(missing.body.message?.replace("sub_never_existed", "<id>"));
    const sub = await simulatorStore()!.read((s) => s.subscriptions.sub_demo_globex_r);
    expect(sub).toMatchObject({ cancel_at_period_end: false, cancel_at: null, status: "active" });
  });
});

describe("ids that are no session", () => {
  it.each(["__proto__", "toString", "hasOwnProperty", "constructor", "%FF"])(
    "%s: the JSON 404 from every portal and Checkout action",
    async (id) => {
      const routes = {
        subscription: (await import("../../app/(app)/checkout/portal/[id]/subscription/route")).POST,
        card: (await import("../../app/(app)/checkout/portal/[id]/card/route")).POST,
        pay: (await import("../../app/(app)/checkout/[id]/pay/route")).POST,
      };
      expect(await post(routes.subscription, id, { subscriptionId: "sub_demo_globex_r", cancel: true })).toMatchObject({
        status: 404,
        body: { code: "NOT_FOUND" },
      });
      expect(await post(routes.card, id, card)).toMatchObject({ status: 404, body: { code: "NOT_FOUND" } });
      expect(await post(routes.pay, id, card)).toMatchObject({ status: 404, body: { code: "NOT_FOUND" } });
    },
  );
});
