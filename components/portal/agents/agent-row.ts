import type { FunctionReturnType } from "convex/server";
import type { api } from "@/convex/_generated/api";

/** One row of the agents table, as agents:list returns it (shared by the columns and the row actions). */
export type AgentRow = FunctionReturnType<typeof api.portal.agents.list>["page"][number];
