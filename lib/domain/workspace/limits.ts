/** Sizes and enumerations of the agent workspace (issue 19), shared by Convex, the routes, MCP and the docs. */
export const EMBEDDING_DIMENSIONS = 1536;
export const MAX_MEMORY_CONTENT = 32_000;
export const MAX_MESSAGE_CONTENT = 32_000;
export const MAX_TITLE = 200;
export const MAX_DESCRIPTION = 4_000;
export const MAX_RECALL = 50;
export const MAX_CHECK = 200;
export const MEMORY_TYPES = ["fact", "project", "decision", "preference", "note", "procedure", "observation"] as const;
export const TASK_STATUSES = ["todo", "in_progress", "blocked", "done", "cancelled"] as const;
export const MISSION_STATUSES = ["planned", "active", "done", "cancelled"] as const;
export const PRIORITIES = ["low", "medium", "high", "urgent"] as const;
export const MESSAGE_ROLES = ["user", "agent", "system", "tool"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type Priority = (typeof PRIORITIES)[number];

/** Bytes a row costs against the storage quota: its text (UTF-8) and its vector (float32). */
export function storageCost(text: string, embedding?: readonly number[]): number {
  return new TextEncoder().encode(text).length + (embedding ? embedding.length * 4 : 0);
}
