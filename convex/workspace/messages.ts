/**
 * Inter-agent messages (seed 000). `send` appends to a channel (an agent's
 * name or a named channel like "#standup") with the channel's next sequence
 * number; `check` returns what one recipient instance has not yet received and
 * moves that instance's receipt (a high-water mark per channel) in the same
 * transaction, so two instances of one agent each get every message exactly
 * once, and a retried check never loses one. Everything stays inside the key's
 * tenant and scope.
 */
import { v } from "convex/values";
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { apiMutation, type ApiCtx } from "../lib/apiDoor";
import { appError } from "../lib/errors";
import { MAX_CHECK, MAX_MESSAGE_CONTENT, storageCost } from "../../lib/domain/workspace/limits";
import { agentNameProblem, channelProblem } from "../../lib/domain/workspace/namespaces";
import { checkedX, intX, objectX, optStringX, stringX, InputProblem } from "../../lib/domain/workspace/input";
import { assertStorage, boundScope, chargeStorage, iso, readX } from "./scoping";

type Db = GenericDatabaseWriter<DataModel>;
export const MAX_SEND_BATCH = 100;
const MAX_CHANNELS = 20;

export const messageOut = (m: Doc<"messages">) => ({
  id: m._id as string,
  channel: m.channel,
  seq: m.seq,
  from: m.from,
  content: m.content,
  kind: m.kind,
  taskId: (m.taskId as string | undefined) ?? null,
  createdAt: iso(m.createdAt),
});

/** The seed's optional `tenantId`: accepted when it names the caller's own workspace, otherwise "no such workspace". */
export function ownWorkspaceX(ctx: ApiCtx, body: Record<string, unknown>) {
  const named = readX(() => optStringX(body, "tenantId", 100));
  if (named !== undefined && named !== ctx.tenant.slug)
    throw appError("NOT_FOUND", `No workspace "${named.slice(0, 64)}" for this key.`, "tenantId");
}

/** Appends messages to one channel (one head read and write however many); the caller checked storage for them. */
export async function postMessages(
  db: Db,
  tenantId: Id<"tenants">,
  scope: string,
  channel: string,
  items: { from: string; content: string; kind: "message" | "dispatch"; taskId?: Id<"tasks"> }[],
  now: number,
) {
  const head = await db
    .query("messageChannels")
    .withIndex("by_tenant_scope_channel", (q) => q.eq("tenantId", tenantId).eq("scope", scope).eq("channel", channel))
    .unique();
  let seq = head?.lastSeq ?? 0;
  const out: Doc<"messages">[] = [];
  for (const m of items) {
    seq += 1;
    const row = { tenantId, scope, channel, seq, bytes: storageCost(m.content), createdAt: now, ...m };
    out.push({ ...row, _id: await db.insert("messages", row), _creationTime: now });
  }
  if (head) await db.patch("messageChannels", head._id, { lastSeq: seq, updatedAt: now });
  else await db.insert("messageChannels", { tenantId, scope, channel, lastSeq: seq, updatedAt: now });
  return out;
}

export async function postMessage(
  db: Db,
  tenantId: Id<"tenants">,
  scope: string,
  m: { channel: string; from: string; content: string; kind: "message" | "dispatch"; taskId?: Id<"tasks"> },
  now: number,
) {
  const { channel, ...rest } = m;
  return (await postMessages(db, tenantId, scope, channel, [rest], now))[0];
}

type Outgoing = { from: string; channel: string; content: string };
function readOutgoing(x: unknown, at: string): Outgoing {
  const o = objectX(x, ["from", "channel", "content", "tenantId"], at);
  const prefix = at === "body" ? "" : `${at}.`;
  try {
    return {
      from: checkedX(o, "from", (s) => agentNameProblem(s, "from")),
      channel: checkedX(o, "channel", channelProblem),
      content: stringX(o, "content", MAX_MESSAGE_CONTENT),
    };
  } catch (e) {
    if (e instanceof InputProblem) throw new InputProblem(`${prefix}${e.field}`, e.message);
    throw e;
  }
}

/** One message `{ from, channel, content }`, or `{ messages: [...] }` (1 to 100) in one transaction. */
export const send = apiMutation({
  args: { input: v.any() },
  access: "report",
  handler: async (ctx, { input }) => {
    const tenantId = ctx.tenant._id;
    const scope = await boundScope(ctx.db, tenantId, "apiKey", ctx.apiKey._id);
    const batch = typeof input === "object" && input !== null && "messages" in input;
    const body = readX(() => objectX(input, batch ? ["messages", "tenantId"] : ["from", "channel", "content", "tenantId"]));
    ownWorkspaceX(ctx, body);
    const items = readX(() => {
      if (!batch) return [readOutgoing(body, "body")];
      const list = body.messages;
      if (!Array.isArray(list) || list.length < 1 || list.length > MAX_SEND_BATCH)
        throw new InputProblem("messages", `messages must be an array of 1 to ${MAX_SEND_BATCH} messages.`);
      return list.map((m, i) => readOutgoing(m, `messages[${i}]`));
    });
    const bytes = items.reduce((n, m) => n + storageCost(m.content), 0);
    const counters = await assertStorage(ctx.db, ctx.tenant, bytes);
    const byChannel = new Map<string, number[]>();
    items.forEach((m, i) => byChannel.set(m.channel, [...(byChannel.get(m.channel) ?? []), i]));
    const sent: ReturnType<typeof messageOut>[] = new Array(items.length);
    for (const [channel, indexes] of byChannel) {
      const rows = await postMessages(
        ctx.db,
        tenantId,
        scope,
        channel,
        indexes.map((i) => ({ from: items[i].from, content: items[i].content, kind: "message" as const })),
        ctx.now,
      );
      rows.forEach((row, j) => (sent[indexes[j]] = messageOut(row)));
    }
    await chargeStorage(ctx.db, ctx.tenant, counters, bytes);
    return batch ? { messages: sent } : sent[0];
  },
});

export const check = apiMutation({
  args: { input: v.any() },
  access: "report",
  handler: async (ctx, { input }) => {
    const tenantId = ctx.tenant._id;
    const scope = await boundScope(ctx.db, tenantId, "apiKey", ctx.apiKey._id);
    const body = readX(() => objectX(input, ["recipient", "recipientInstanceId", "channels", "limit", "tenantId"]));
    ownWorkspaceX(ctx, body);
    const recipient = readX(() => checkedX(body, "recipient", (s) => agentNameProblem(s, "recipient")));
    const instanceId = readX(() => checkedX(body, "recipientInstanceId", (s) => agentNameProblem(s, "recipientInstanceId")));
    const limit = readX(() => intX(body, "limit", 1, MAX_CHECK, 100));
    const named = readX(() => {
      const c = body.channels;
      if (c === undefined || c === null) return [] as string[];
      if (!Array.isArray(c) || c.length > MAX_CHANNELS || !c.every((x) => typeof x === "string" && x.startsWith("#") && !channelProblem(x)))
        throw new InputProblem("channels", `channels must be up to ${MAX_CHANNELS} named channels like "#standup".`);
      return [...new Set(c as string[])];
    });
    const out: Doc<"messages">[] = [];
    for (const channel of [recipient, ...named]) {
      if (out.length >= limit) break;
      const receipt = await ctx.db
        .query("messageReceipts")
        .withIndex("by_tenant_scope_instance", (q) =>
          q.eq("tenantId", tenantId).eq("scope", scope).eq("recipient", recipient).eq("instanceId", instanceId).eq("channel", channel),
        )
        .unique();
      const after = receipt?.lastSeq ?? 0;
      const rows = await ctx.db
        .query("messages")
        .withIndex("by_tenant_scope_channel_seq", (q) =>
          q.eq("tenantId", tenantId).eq("scope", scope).eq("channel", channel).gt("seq", after),
        )
        .take(limit - out.length);
      if (rows.length === 0) continue;
      const lastSeq = rows[rows.length - 1].seq;
      if (receipt) await ctx.db.patch("messageReceipts", receipt._id, { lastSeq, updatedAt: ctx.now });
      else await ctx.db.insert("messageReceipts", { tenantId, scope, channel, recipient, instanceId, lastSeq, updatedAt: ctx.now });
      // Named channels: an agent's own posts move its mark but are not delivered back to it.
      out.push(...rows.filter((m) => channel === recipient || m.from !== recipient));
    }
    return { messages: out.map(messageOut), more: out.length >= limit };
  },
});
