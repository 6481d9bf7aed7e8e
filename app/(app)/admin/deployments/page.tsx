import type { Metadata } from "next";
import { DeploymentsClient } from "@/components/admin/deployments/deployments-client";
import { api } from "@/convex/_generated/api";
import { preload } from "@/lib/server/portal/convex";
import { ReportLag } from "./report-lag";

export const metadata: Metadata = { title: "Deployments · Admin" };

// GET /admin/deployments: the deployments tenants live on, the moves between them and how far behind
// each deployment's reported figures are (live, read only; staff via the layout).
export default async function DeploymentsPage() {
  const [deployments, moves, reports] = await Promise.all([
    preload(api.platform.registry.list, {}),
    preload(api.platform.moves.recent, {}),
    preload(api.platform.rollupReports.status, {}),
  ]);
  return (
    <div className="space-y-8">
      <DeploymentsClient deployments={deployments} moves={moves} />
      <ReportLag status={reports} />
    </div>
  );
}
