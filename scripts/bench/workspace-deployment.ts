/**
 * bench:workspace's deployment: convex-local in a process of its own, as `npm start` runs it beside the Next
 * server (scripts/start.ts), so the bench's routes and clients and the deployment use a core each, as they would.
 * scripts/bench-workspace.ts forks it with an IPC channel and asks it, one request at a time, to seed (the seeding
 * runs here, in transactions of this deployment, so no data crosses the channel) and for its CPU time.
 *
 * argv: --data-dir DIR [--port P] (HTTP actions on P + 1). First message to the parent: { ready: url }. Requests: { id, op, ... }; replies { id, value } or
 * { id, error }.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import type { GenericMutationCtx } from "convex/server";
import type { DataModel, Id } from "../../convex/_generated/dataModel";
import { startConvexLocal, type ConvexLocalHandle } from "../../lib/local/convex/index";
import { newTenant } from "../../convex/lib/newTenant";
import { insertEmbedding } from "../../convex/workspace/embeddings";
import { SECRET, rng, sentence, vector } from "./workspace-data";

type Ctx = GenericMutationCtx<DataModel>;

export type DeploymentRequest =
  | { op: "tenant"; slug: string; key: string }
  | { op: "memories"; tenantId: string; count: number; seed: number; embeddings: boolean }
  | { op: "cpu" }
  | { op: "close" };

async function seedTenant(t: ConvexLocalHandle, slug: string, key: string): Promise<Id<"tenants">> {
  const hash = createHash("sha256").update(key).digest("hex");
  return t.run(async (ctx: Ctx) => {
    const now = Date.now();
    const tenantId = await newTenant(ctx.db, {
      name: slug,
      slug,
      plan: "enterprise",
      status: "active",
      billingEmail: `billing@${slug}.test`,
      now,
      // Unlimited calls: the bench measures latency, not the plan's rate limit.
      quotaOverrides: { apiCallsPerMinute: null, storageBytes: null },
    });
    const userId = await ctx.db.insert("users", {
      externalId: `${slug}-owner`,
      email: `owner@${slug}.test`,
      name: slug,
      platformRole: "none",
      createdAt: now,
    });
    await ctx.db.insert("apiKeys", { tenantId, name: "bench", prefix: key.slice(0, 12), hash, createdBy: userId, createdAt: now });
    for (const name of ["tau", "pi"])
      await ctx.db.insert("agents", { tenantId, name, model: "claude-haiku-4-5", status: "active", createdAt: now });
    return tenantId;
  });
}

async function seedMemories(t: ConvexLocalHandle, tenantId: Id<"tenants">, count: number, seed: number, embeddings: boolean) {
  // Each batch is one transaction, under convex-local's 1 s limit even on a busy machine.
  const batch = embeddings ? 40 : 400;
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    await t.run(async (ctx: Ctx) => {
      const r = rng(seed * 1_000_003 + done);
      const scope = "production:";
      for (let i = 0; i < n; i++) {
        const content = sentence(r);
        const createdAt = Date.now();
        // As workspace/memories:store writes them: the vector in its own row, linked from the memory.
        const embeddingId = embeddings
          ? await insertEmbedding(ctx.db, { tenantId, scope, contextKey: "", embedding: vector(r), createdAt })
          : undefined;
        await ctx.db.insert("memories", {
          tenantId,
          scope,
          namespace: ["global", "project/catalog", "orchestrator/tau"][i % 3],
          type: "note",
          content,
          createdBy: "tau",
          contextKey: "",
          ...(embeddingId ? { embeddingId } : {}),
          bytes: content.length,
          createdAt,
        });
      }
    });
    // A turn of the event loop between transactions, so the server's own timers (keep-alive, scheduler) run.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function main() {
  const { values } = parseArgs({ options: { "data-dir": { type: "string" }, port: { type: "string", default: "0" } } });
  if (!values["data-dir"] || !process.send) throw new Error("workspace-deployment: forked by bench-workspace with --data-dir");
  const send = (m: object) => process.send!(m);
  const t = await startConvexLocal({
    dataDir: path.resolve(values["data-dir"]),
    port: Number(values.port),
    functionsDir: path.resolve(import.meta.dirname, "..", "..", "convex"),
    env: { TENANTRY_SYSTEM_SECRET: SECRET },
  });
  // Requests are served one at a time, in order.
  let queue = Promise.resolve();
  process.on("message", (m: DeploymentRequest & { id: number }) => {
    queue = queue.then(async () => {
      try {
        let value: unknown = null;
        if (m.op === "tenant") value = await seedTenant(t, m.slug, m.key);
        else if (m.op === "memories") await seedMemories(t, m.tenantId as Id<"tenants">, m.count, m.seed, m.embeddings);
        else if (m.op === "cpu") value = process.cpuUsage();
        else if (m.op === "close") {
          await t.close();
          send({ id: m.id, value: null });
          // Exits through process.exit, so --cpu-prof writes its profile.
          setImmediate(() => process.exit(0));
          return;
        }
        send({ id: m.id, value });
      } catch (e) {
        send({ id: m.id, error: (e as Error).stack ?? String(e) });
      }
    });
  });
  // The parent gone (killed, crashed): nothing more to serve.
  process.on("disconnect", () => void t.close().finally(() => process.exit(0)));
  send({ ready: t.url });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
