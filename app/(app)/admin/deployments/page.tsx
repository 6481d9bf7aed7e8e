import type { Metadata } from "next";
import { DeploymentsClient } from "@/components/admin/deployments/deployments-client";
import { api } from "@/convex/_generated/api";
import { preload } from "@/lib/server/portal/convex";

export const metadata: Metadata = { title: "Deployments · Admin" };

// GET /admin/deployments: the deployments tenants live on and the moves between them (live, read only; staff via the layout).
export default async function DeploymentsPage() {
  const [deployments, moves] = await Promise.all([preload(api.platform.registry.list, {}), preload(api.platform.moves.recent, {})]);
  return <DeploymentsClient deployments={deployments} moves={moves} />;
}
