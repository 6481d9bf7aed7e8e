"use client";

import { SearchIcon, XIcon } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FilterSelect } from "@/components/ui/filter-select";
import { PLAN_IDS, PLANS, type PlanId } from "@/lib/plans";
import { STATUSES, type Status, type TenantView } from "./view-state";

export const statusLabel = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace("_", " ");

/** Search and filters; each change goes to the URL (and so to the server query). */
export function TenantsToolbar({ view, onChange }: { view: TenantView; onChange(patch: Partial<TenantView>): void }) {
  const [search, setSearch] = useState(view.q);
  // Typing waits for a pause before it becomes a query.
  useEffect(() => {
    if (search.trim() === view.q) return;
    const timer = setTimeout(() => onChange({ q: search.trim() }), 300);
    return () => clearTimeout(timer);
  }, [search, view.q, onChange]);
  const filtered = Boolean(view.q || view.plan || view.status);

  return (
    <div className="flex flex-wrap items-center gap-2">
      <div className="relative w-full sm:w-72">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden="true" />
        <Input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name or slug starts with…" aria-label="Search tenants by name or slug" className="pl-8" maxLength={80} />
      </div>
      <FilterSelect<PlanId>
        label="Filter by plan"
        allLabel="All plans"
        className="w-36"
        value={view.plan}
        options={PLAN_IDS.map((p) => ({ value: p, label: PLANS[p].name }))}
        onChange={(plan) => onChange({ plan })}
      />
      <FilterSelect<Status>
        label="Filter by status"
        allLabel="All statuses"
        value={view.status}
        options={STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))}
        onChange={(status) => onChange({ status })}
      />
      {filtered && (
        <Button
          variant="ghost"
          size="sm"
          onClick={() => {
            setSearch("");
            onChange({ q: "", plan: null, status: null });
          }}
        >
          <XIcon /> Clear
        </Button>
      )}
    </div>
  );
}
