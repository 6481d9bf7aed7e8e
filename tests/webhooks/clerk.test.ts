// POST /api/webhooks/clerk against convex-local: Svix signatures made by the svix SDK,
// the directory mirrored into Convex, redeliveries harmless, forgeries refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "svix";
import { startProjectBackend, type ProjectBackend } from "../support/convex-local";

const SECRET = "whsec_" + Buffer.from("clerk-webhook-test-secret-32bytes!").toString("base64");
const SYSTEM_SECRET = "s".repeat(40);
let t: ProjectBackend;
let POST: (req: Request) => Promise<Response>;

function signed(id: string, payload: unknown, secret = SECRET) {
  const body = JSON.stringify(payload);
  const now = new Date();
  const signature = new Webhook(secret).sign(id, now, body);
  return new Request("http://localhost/api/webhooks/clerk", {
    method: "POST",
    body,
    headers: { "svix-id": id, "svix-timestamp": String(Math.floor(now.getTime() / 1000)), "svix-signature": signature },
  });
}

const count = (table: string) => t.run(async (ctx) => (await ctx.db.query(table).collect()).length);

beforeAll(async () => {
  t = await startProjectBackend("clerk-webhook", { secret: SYSTEM_SECRET });
  Object.assign(process.env, {
    CONVEX_LOCAL_URL: t.url,
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_" + Buffer.from("example.clerk.accounts.dev$").toString("base64"),
    CLERK_SECRET_KEY: "sk_test_example",
    CLERK_WEBHOOK_SIGNING_SECRET: SECRET,
    CLERK_JWT_ISSUER_DOMAIN: "https://example.clerk.accounts.dev",
    TENANTRY_SYSTEM_SECRET: SYSTEM_SECRET,
  });
  ({ POST } = await import("../../app/api/webhooks/clerk/route"));
});
afterAll(() => t?.dispose());

const user = {
  id: "user_1",
  email_addresses: [{ id: "e1", email_address: "Ada@Example.com" }],
  primary_email_address_id: "e1",
  first_name: "Ada",
  last_name: "L",
  public_metadata: {},
};
const org = { id: "org_1", name: "Example Inc", slug: "example-inc", created_by: "user_1" };
const membership = (role: string) => ({ id: "mem_1", role, organization: { id: "org_1" }, public_user_data: { user_id: "user_1" } });

describe("Clerk webhook", () => {
  it("refuses a forged, tampered or unsigned event and changes nothing", async () => {
    const forged = signed(
      "msg_forged",
      { type: "user.created", data: user },
      "whsec_" + Buffer.from("another-secret-of-32-bytes-long!!").toString("base64"),
    );
    expect((await POST(forged)).status).toBe(400);
    const good = signed("msg_tamper", { type: "user.created", data: user });
    const tampered = new Request(good.url, {
      method: "POST",
      headers: good.headers,
      body: JSON.stringify({ type: "user.created", data: { ...user, id: "user_evil" } }),
    });
    expect((await POST(tampered)).status).toBe(400);
    expect((await POST(new Request(good.url, { method: "POST", body: "{}" }))).status).toBe(400);
    expect(await count("users")).toBe(0);
    expect(await count("webhookEvents")).toBe(0);
  });

  it("mirrors users, organizations and memberships, once per event id", async () => {
    expect((await (await POST(signed("msg_u1", { type: "user.created", data: user }))).json()).outcome).toBe("processed");
    expect((await POST(signed("msg_o1", { type: "organization.created", data: org }))).status).toBe(200);
    const first = signed("msg_m1", { type: "organizationMembership.created", data: membership("org:admin") });
    expect((await (await POST(first)).json()).outcome).toBe("processed");
    // Clerk retries deliver the same svix-id again: nothing changes.
    expect(
      (await (await POST(signed("msg_m1", { type: "organizationMembership.created", data: membership("org:admin") }))).json()).outcome,
    ).toBe("duplicate");
    type Row = Record<string, unknown>;
    const state: { users: Row[]; tenants: Row[]; memberships: Row[]; counters: Row[] } = await t.run(async (ctx) => ({
      users: await ctx.db.query("users").collect(),
      tenants: await ctx.db.query("tenants").collect(),
      memberships: await ctx.db.query("memberships").collect(),
      counters: await ctx.db.query("tenantCounters").collect(),
    }));
    expect(state.users.map((u) => u.email)).toEqual(["ada@example.com"]);
    expect(state.tenants.map((x) => [x.slug, x.clerkOrgId, x.status])).toEqual([["example-inc", "org_1", "trial"]]);
    expect(state.memberships.map((m) => m.role)).toEqual(["admin"]);
    expect(state.counters[0]!.members).toBe(1);
  });

  it("applies role changes and removals", async () => {
    await POST(signed("msg_m2", { type: "organizationMembership.updated", data: membership("org:member") }));
    expect(await t.run(async (ctx) => (await ctx.db.query("memberships").first())?.role)).toBe("member");
    await POST(signed("msg_m3", { type: "organizationMembership.deleted", data: membership("org:member") }));
    expect(await count("memberships")).toBe(0);
    expect(await t.run(async (ctx) => (await ctx.db.query("tenantCounters").first())?.members)).toBe(0);
  });

  it("drops control and text-direction characters from mirrored names instead of storing them", async () => {
    await POST(signed("msg_u2", { type: "user.updated", data: { ...user, first_name: "Ada\u202e", last_name: "L\u0000" } }));
    await POST(signed("msg_o2", { type: "organization.updated", data: { ...org, name: "Example\u2066 Inc" } }));
    const names = await t.run(async (ctx) => [(await ctx.db.query("users").first())?.name, (await ctx.db.query("tenants").first())?.name]);
    expect(names).toEqual(["Ada L", "Example Inc"]);
  });
});
