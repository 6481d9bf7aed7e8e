"use client";

import { useMutation, useQuery, usePreloadedQuery, type Preloaded } from "convex/react";
import { preloadedQueryResult } from "convex/nextjs";
import { BotIcon, LayoutTemplateIcon, PlusIcon } from "lucide-react";
import dynamic from "next/dynamic";
import { useSearchParams } from "next/navigation";
import { useCallback, useMemo, useRef, useState } from "react";
import { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { useCan, useChangesOpen, useTenant } from "@/components/tenant/tenant-context";
import { statusAllows } from "@/lib/domain/tenant-status";
import { PLANS, isPlanId } from "@/lib/domain/plans";
import { attempt } from "../../shared/errors";
import { PageHeader } from "../../shared/page-header";
import type { AgentRow } from "./agent-row";
import { AgentsDataTable } from "./data-table";
import { AgentsPagination } from "./pagination";
import type { RowActionHandlers } from "./row-actions";
import { AgentsToolbar } from "./toolbar";
import { listArgs, parseView, viewToSearch, type AgentView } from "./view-state";

// Rendered only once opened: their form, validation and Radix dialog code is fetched then, not with the page.
const AgentDialog = dynamic(() => import("./agent-dialog").then((m) => m.AgentDialog), { ssr: false });
const DeleteAgentDialog = dynamic(() => import("./delete-agent-dialog").then((m) => m.DeleteAgentDialog), { ssr: false });

type Props = {
  initial: Preloaded<typeof api.portal.agents.list>;
  departments: Preloaded<typeof api.portal.departments.list>;
};

/** The Agents page: the view lives in the URL, the rows in a live Convex query. */
export function AgentsClient({ initial, departments: preloadedDepartments }: Props) {
  const { slug, plan, status } = useTenant();
  const open = useChangesOpen();
  const agentsRun = statusAllows(status).agentsRun;
  // The models the plan includes (an unknown plan offers none; Convex decides either way).
  const models = isPlanId(plan) ? PLANS[plan].models : [];
  const params = useSearchParams();
  const departments = usePreloadedQuery(preloadedDepartments);
  const parsed = parseView(params);
  // A department id typed into the URL that is not one of ours is ignored, not sent.
  const view: AgentView = { ...parsed, dept: departments.some((d) => d._id === parsed.dept) ? parsed.dept : null };
  const args = listArgs(slug, view);
  const live = useQuery(api.portal.agents.list, args);
  // Until the live query answers, the rows already on screen stay (first the server's, for this URL).
  const last = useRef(preloadedQueryResult(initial));
  if (live !== undefined) last.current = live;
  const data = live ?? last.current;
  const loading = live === undefined;
  const stats = useQuery(api.portal.agentDetail.stats, { slug });

  const canWrite = useCan("agents.write");
  const canBill = useCan("billing.read");
  const [dialog, setDialog] = useState<{ agent: AgentRow | null } | null>(
    params.get("new") === "1" && canWrite && open ? { agent: null } : null,
  );
  const [deleting, setDeleting] = useState<AgentRow | null>(null);
  const setStatus = useMutation(api.portal.agents.setStatus);
  const applyTemplate = useMutation(api.portal.templates.apply);

  // Next's router follows history.pushState/replaceState, so useSearchParams (and the query) update
  // without a server round trip. Any change but paging starts again from the first page.
  const navigate = useCallback((patch: Partial<AgentView>, mode: "push" | "replace" = "replace") => {
    const current = parseView(new URLSearchParams(window.location.search));
    const next = { ...current, ...patch, after: patch.after ?? [] };
    window.history[mode === "push" ? "pushState" : "replaceState"](null, "", `${window.location.pathname}${viewToSearch(next)}`);
  }, []);

  const actions = useMemo<RowActionHandlers | null>(
    () =>
      canWrite && open
        ? {
            onEdit: (agent) => setDialog({ agent }),
            onToggle: (agent) =>
              void attempt(
                () => setStatus({ slug, agentId: agent._id, status: agent.status === "active" ? "paused" : "active" }),
                `${agent.name} ${agent.status === "active" ? "paused" : "resumed"}`,
              ),
            onDelete: (agent) => setDeleting(agent),
          }
        : null,
    [canWrite, open, setStatus, slug],
  );

  const filtered = Boolean(view.q || view.status || view.model || view.dept) || view.after.length > 0;
  const isEmptyWorkspace = !loading && data.page.length === 0 && !filtered;

  return (
    <div className="space-y-5">
      <PageHeader
        title="Agents"
        description="Every agent in this workspace, with its model and department."
        actions={
          canWrite && (
            <Button onClick={() => setDialog({ agent: null })} disabled={!open}>
              <PlusIcon /> New agent
            </Button>
          )
        }
      />
      {isEmptyWorkspace ? (
        <EmptyState
          icon={<BotIcon />}
          title="No agents yet"
          description={
            canWrite
              ? "Create your first agent, or start from the customer-support template: three configured agents and sample conversations."
              : "Nobody has created an agent in this workspace yet."
          }
          action={
            canWrite && (
              <div className="flex flex-wrap justify-center gap-2">
                <Button onClick={() => setDialog({ agent: null })} disabled={!open}>
                  <PlusIcon /> New agent
                </Button>
                <Button
                  variant="outline"
                  disabled={!open}
                  onClick={() =>
                    void attempt(() => applyTemplate({ slug, template: "customer-support" }), "Added the customer-support template")
                  }
                >
                  <LayoutTemplateIcon /> Use a template
                </Button>
              </div>
            )
          }
        />
      ) : (
        <>
          <AgentsToolbar view={view} departments={departments} onChange={navigate} />
          <AgentsDataTable
            rows={data.page}
            sort={view.q ? null : view.sort}
            order={view.order}
            onSort={(sort, order) => navigate({ sort, order })}
            actions={actions}
            agentsRun={agentsRun}
            stats={stats}
            loading={loading}
            empty={
              view.after.length > 0 && !view.q && !view.status && !view.model && !view.dept
                ? "No more agents: this is past the last page."
                : filtered
                  ? "No agents match this search and these filters."
                  : "No agents yet."
            }
          />
          <AgentsPagination
            page={view.after.length + 1}
            size={view.size}
            shown={data.page.length}
            hasNext={!data.isDone}
            onPrev={() => navigate({ after: view.after.slice(0, -1) }, "push")}
            onNext={() => navigate({ after: [...view.after, data.continueCursor] }, "push")}
            onSize={(size) => navigate({ size })}
          />
        </>
      )}
      {dialog && (
        <AgentDialog
          key={dialog.agent?._id ?? "new"}
          open
          onOpenChange={(open) => !open && setDialog(null)}
          agent={dialog.agent}
          models={models}
          departments={departments}
          canBill={canBill}
        />
      )}
      {deleting && <DeleteAgentDialog agent={deleting} onClose={() => setDeleting(null)} />}
    </div>
  );
}
