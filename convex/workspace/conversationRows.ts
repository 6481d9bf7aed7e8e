/**
 * Writing a conversation with its messages as rows, for code outside the
 * runtime API (the onboarding template's samples). Samples are not charged to
 * storage: a template must not put cost on a new workspace.
 */
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Id } from "../_generated/dataModel";
import { storageCost } from "../../lib/domain/workspace/limits";
import { DEFAULT_SCOPE } from "./scoping";

export async function insertConversation(
  db: GenericDatabaseWriter<DataModel>,
  c: {
    tenantId: Id<"tenants">;
    agentId: Id<"agents">;
    title: string;
    customer: string;
    sample: boolean;
    createdAt: number;
    messages: { role: "user" | "agent"; content: string }[];
  },
) {
  const last = c.messages[c.messages.length - 1];
  const id = await db.insert("conversations", {
    tenantId: c.tenantId,
    agentId: c.agentId,
    title: c.title,
    customer: c.customer,
    sample: c.sample,
    createdAt: c.createdAt,
    scope: DEFAULT_SCOPE,
    userIdentifier: c.customer,
    userContext: {},
    contextKey: "",
    messageCount: c.messages.length,
    ...(last ? { lastMessage: last.content.slice(0, 200), lastMessageAt: c.createdAt + c.messages.length - 1 } : {}),
  });
  for (const [i, m] of c.messages.entries()) {
    await db.insert("conversationMessages", {
      tenantId: c.tenantId,
      conversationId: id,
      role: m.role,
      content: m.content,
      bytes: storageCost(m.content),
      createdAt: c.createdAt + i,
    });
  }
  return id;
}
