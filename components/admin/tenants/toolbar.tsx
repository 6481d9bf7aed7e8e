"use client";

import { XIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FilterSelect } from "@/components/ui/filter-select";
import { SearchInput, useDebouncedSearch } from "@/components/ui/search-input";
import { PLAN_IDS, PLANS, type PlanId } from "@/lib/domain/plans";
import { STATUSES, type Status, type TenantView } from "./view-state";

export const statusLabel = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace("_", " ");

/** Search and filters; each change goes to the URL (and so to the server query). */
export function TenantsToolbar({ view, onChange }: { view: TenantView; onChange(patch: Partial<TenantView>): void }) {
  const [search, setSearch] = useDebouncedSearch(view.q, (q) => onChange({ q }));
  const filtered = Boolean(view.q || view.plan || view.status);

  return (
    <div className="flex flex-wrap items-center gap-2">
      <SearchInput
        value={search}
        onValueChange={setSearch}
        label="Search tenants by name or slug"
        placeholder="Name or slug starts with…"
        className="sm:w-72"
      />
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
