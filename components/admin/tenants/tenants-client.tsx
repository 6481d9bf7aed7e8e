"use client";

import { useQuery, type Preloaded } from "convex/react";
import { preloadedQueryResult } from "convex/nextjs";
import { Building2Icon } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useCallback, useRef } from "react";
import { api } from "@/convex/_generated/api";
import { TenantsDataTable } from "./data-table";
import { TenantsPagination } from "./pagination";
import { SummaryCards } from "./summary-cards";
import { TenantsToolbar } from "./toolbar";
import { TotalsFooter } from "./totals-footer";
import { listArgs, parseView, viewToSearch, type TenantView } from "./view-state";

type Props = {
  initial: Preloaded<typeof api.admin.tenants.list>;
  summary: Preloaded<typeof api.admin.tenants.summary>;
  /** A cursor from the address the server refused (stale link): read from the first page instead. */
  badCursor: string | null;
};

/** Hook for "the live value, else the last one seen (first the server's)": no flash while a new page loads. */
function useLive<T>(value: T | undefined, initial: T) {
  const last = useRef(initial);
  if (value !== undefined) last.current = value;
  return { data: value ?? last.current, loading: value === undefined };
}

/** All tenants: the view lives in the URL, the rows and the summary in live Convex queries. */
export function TenantsClient({ initial, summary: preloadedSummary, badCursor }: Props) {
  const params = useSearchParams();
  const parsed = parseView(params);
  const view: TenantView =
    parsed.cursor !== null && parsed.cursor === badCursor ? { ...parsed, cursor: null, dir: "next", page: 1 } : parsed;
  const list = useLive(useQuery(api.admin.tenants.list, listArgs(view)), preloadedQueryResult(initial));
  const summary = useLive(useQuery(api.admin.tenants.summary, {}), preloadedQueryResult(preloadedSummary));

  // Next's router follows history.pushState, so useSearchParams (and the queries) update without a
  // server round trip. Any change but paging starts again from the first page.
  const navigate = useCallback((patch: Partial<TenantView>, paging = false) => {
    const current = parseView(new URLSearchParams(window.location.search));
    const next = { ...current, ...(paging ? {} : { cursor: null, dir: "next" as const, page: 1 }), ...patch };
    window.history.pushState(null, "", `${window.location.pathname}${viewToSearch(next)}`);
  }, []);
  const { data } = list;

  return (
    <div className="space-y-6">
      <SummaryCards summary={summary.data} />
      <TenantsToolbar view={view} onChange={navigate} />
      <TenantsDataTable
        rows={data.rows}
        sort={view.sort}
        order={view.order}
        loading={list.loading}
        onSort={(sort, order) => navigate({ sort, order })}
        empty={
          <span className="inline-flex flex-col items-center gap-2">
            <Building2Icon className="size-5" aria-hidden="true" />
            {view.q || view.plan || view.status ? "No tenant matches these filters." : "No tenants yet."}
          </span>
        }
      />
      <TenantsPagination
        page={view.page}
        total={data.total}
        shown={data.rows.length}
        hasPrev={data.hasPrev}
        hasNext={data.hasNext}
        truncated={data.truncated}
        onFirst={() => navigate({})}
        onPrev={() =>
          navigate(
            view.page <= 2 && !view.q
              ? { cursor: null, dir: "next", page: 1 }
              : { cursor: data.prevCursor, dir: "prev", page: view.page - 1 },
            true,
          )
        }
        onNext={() => navigate({ cursor: data.nextCursor, dir: "next", page: view.page + 1 }, true)}
      />
      <TotalsFooter summary={summary.data} />
    </div>
  );
}
