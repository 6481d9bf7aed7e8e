"use client";

import { XIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FilterSelect } from "@/components/ui/filter-select";
import { SearchInput, useDebouncedSearch } from "@/components/ui/search-input";
import { MODEL_IDS, MODELS, type ModelId } from "@/lib/domain/plans";
import type { AgentView } from "./view-state";

type Props = {
  view: AgentView;
  departments: { _id: string; name: string }[];
  onChange(patch: Partial<AgentView>): void;
};

/** Search and filters; each change goes to the URL (and so to the server query). */
export function AgentsToolbar({ view, departments, onChange }: Props) {
  const [search, setSearch] = useDebouncedSearch(view.q, (q) => onChange({ q }));
  const filtered = Boolean(view.q || view.status || view.model || view.dept);

  return (
    <div className="flex flex-wrap items-center gap-2">
      <SearchInput
        value={search}
        onValueChange={setSearch}
        label="Search agents by name"
        placeholder="Search agents by name"
        className="sm:w-64"
      />
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
