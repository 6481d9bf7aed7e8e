// @vitest-environment edge-runtime
// The billing Email outbox page's query: each email's state with, when it failed or is retrying,
// why (in words for the workspace's admins, not the raw SMTP error with the provider's host), its
// attempts and the next try; sent emails carry no stale reason; only billing readers see it.
import { convexTest } from "convex-test";
import rateLimiter from "@convex-dev/rate-limiter/test";
import { beforeEach, describe, expect, it } from "vitest";
import schema from "../../convex/schema";
import { api } from "../../convex/_generated/api";
import { outboxReason } from "../../convex/billing/account";
import { addTenant, refusal, type T, type Tenant } from "../api/world";

const modules = import.meta.glob("../../convex/**/*.ts");
let t: T;
let acme: Tenant;

beforeEach(async () => {
  t = convexTest(schema, modules);
  rateLimiter.register(t);
  acme = await addTenant(t, { slug: "acme" });
});

type Row = { status: "pending" | "sent" | "failed"; attempts?: number; lastError?: string; nextAttemptAt?: number; sentAt?: number };
async function write(tenant: Tenant, subject: string, row: Row, createdAt: number) {
  await t.run((ctx) =>
    ctx.db.insert("emailOutbox", {
      tenantId: tenant.id,
      to: ["owner@acme.test"],
      subject,
      body: "b",
      kind: "billing.payment_failed",
      createdAt,
      ...row,
    }),
  );
}

describe("outboxReason", () => {
  it.each([
    [
      "Can't send mail - all recipients were rejected: 550 5.1.1 <x@acme.test>: Recipient address rejected",
      "The recipient's mail server refused the address (SMTP 550 5.1.1).",
    ],
    ["connect ECONNREFUSED 10.2.3.4:587", "The mail provider could not be reached."],
    ["Greeting never received", "The mail provider could not be reached."],
    ["Invalid login: 535 5.7.8 Authentication failed", "The mail provider refused to accept mail from Tenantry (SMTP 535 5.7.8)."],
    ["Message failed: 421 Service not available, closing channel", "The mail server refused the message (SMTP 421)."],
    ["something odd at smtp.internal.example:2525", "The mail server refused the message."],
  ])("%j -> %j", (raw, words) => {
    expect(outboxReason(raw)).toBe(words);
  });

  it("never repeats the provider's host, address or port", () => {
    for (const raw of [
      "connect ECONNREFUSED 10.2.3.4:587",
      "getaddrinfo ENOTFOUND smtp.secret-provider.example",
      "weird: smtp.internal:2525 said no",
    ]) {
      expect(outboxReason(raw)).not.toMatch(/10\.2|587|secret-provider|internal|2525/);
    }
  });
});

describe("billing.account.outbox", () => {
  it("shows why a failed email failed, a retrying one's reason, attempts and next try, and nothing stale on a sent one", async () => {
    const now = Date.now();
    await write(
      acme,
      "failed",
      {
        status: "failed",
        attempts: 7,
        lastError: "Can't send mail - all recipients were rejected: 550 5.1.1 <x@acme.test>: Recipient address rejected",
      },
      now - 3,
    );
    await write(
      acme,
      "retrying",
      { status: "pending", attempts: 2, lastError: "connect ECONNREFUSED 127.0.0.1:2525", nextAttemptAt: now + 30_000 },
      now - 2,
    );
    await write(
      acme,
      "sent",
      { status: "sent", attempts: 3, lastError: "connect ECONNREFUSED 127.0.0.1:2525", sentAt: now - 1_000 },
      now - 1,
    );
    await write(acme, "queued", { status: "pending" }, now);

    const rows = await t.withIdentity({ subject: acme.owner }).query(api.billing.account.outbox, { slug: "acme" });
    const view = Object.fromEntries(
      rows.map((r) => [r.subject, { status: r.status, attempts: r.attempts, reason: r.reason, next: r.nextAttemptAt, sentAt: r.sentAt }]),
    );
    expect(view).toEqual({
      queued: { status: "pending", attempts: 0, reason: null, next: null, sentAt: null },
      sent: { status: "sent", attempts: 3, reason: null, next: null, sentAt: now - 1_000 },
      retrying: { status: "pending", attempts: 2, reason: "The mail provider could not be reached.", next: now + 30_000, sentAt: null },
      failed: {
        status: "failed",
        attempts: 7,
        reason: "The recipient's mail server refused the address (SMTP 550 5.1.1).",
        next: null,
        sentAt: null,
      },
    });
    expect(rows.map((r) => r.subject)).toEqual(["queued", "sent", "retrying", "failed"]);
  });

  it("is for billing readers of this workspace only", async () => {
    const globex = await addTenant(t, { slug: "globex" });
    await write(globex, "theirs", { status: "failed", attempts: 7, lastError: "550 no" }, Date.now());
    expect(await t.withIdentity({ subject: acme.owner }).query(api.billing.account.outbox, { slug: "acme" })).toEqual([]);
    expect((await refusal(t.withIdentity({ subject: acme.viewer }).query(api.billing.account.outbox, { slug: "acme" }))).code).toBe(
      "FORBIDDEN",
    );
  });
});
