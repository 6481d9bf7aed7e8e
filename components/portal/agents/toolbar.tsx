"use client";

import { SearchIcon, XIcon } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FilterSelect } from "@/components/ui/filter-select";
import { MODEL_IDS, MODELS, type ModelId } from "@/lib/plans";
import type { AgentView } from "./view-state";

type Props = {
  view: AgentView;
  departments: { _id: string; name: string }[];
  onChange(patch: Partial<AgentView>): void;
};

/** Search and filters; each change goes to the URL (and so to the server query). */
export function AgentsToolbar({ view, departments, onChange }: Props) {
  const [search, setSearch] = useState(view.q);
  // Typing waits for a pause before it becomes a query.
  useEffect(() => {
    if (search === view.q) return;
    const timer = setTimeout(() => onChange({ q: search.trim() }), 300);
    return () => clearTimeout(timer);
  }, [search, view.q, onChange]);
  const filtered = Boolean(view.q || view.status || view.model || view.dept);

  return (
    <div className="flex flex-wrap items-center gap-2">
      <div className="relative w-full sm:w-64">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden="true" />
        <Input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search agents by name" aria-label="Search agents by name" className="pl-8" maxLength={80} />
      </div>
      <FilterSelect<"active" | "paused">
        label="Filter by status"
        allLabel="All statuses"
        className="w-36"
        value={view.status}
        options={[
          { value: "active", label: "Active" },
          { value: "paused", label: "Paused" },
        ]}
        onChange={(status) => onChange({ status })}
      />
      <FilterSelect<ModelId>
        label="Filter by model"
        allLabel="All models"
        className="w-48"
        value={view.model}
        options={MODEL_IDS.map((id) => ({ value: id, label: MODELS[id].label }))}
        onChange={(model) => onChange({ model })}
      />
      <FilterSelect
        label="Filter by department"
        allLabel="All departments"
        className="w-44"
        value={view.dept}
        options={departments.map((d) => ({ value: d._id as string, label: d.name }))}
        onChange={(dept) => onChange({ dept })}
      />
      {filtered && (
        <Button
          variant="ghost"
          size="sm"
          onClick={() => {
            setSearch("");
            onChange({ q: "", status: null, model: null, dept: null });
          }}
        >
          <XIcon /> Reset
        </Button>
      )}
      {view.q && <p className="text-sm text-muted-foreground">Best matches first</p>}
    </div>
  );
}
