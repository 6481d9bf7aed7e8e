"use client";

import { SearchIcon, XIcon } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { MODEL_IDS, MODELS, type ModelId } from "@/lib/plans";
import type { AgentView } from "./view-state";

type Props = {
  view: AgentView;
  departments: { _id: string; name: string }[];
  onChange(patch: Partial<AgentView>): void;
};

const ALL = "all";

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
      <Select value={view.status ?? ALL} onValueChange={(v) => onChange({ status: v === ALL ? null : (v as "active" | "paused") })}>
        <SelectTrigger className="w-36" aria-label="Filter by status">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={ALL}>All statuses</SelectItem>
          <SelectItem value="active">Active</SelectItem>
          <SelectItem value="paused">Paused</SelectItem>
        </SelectContent>
      </Select>
      <Select value={view.model ?? ALL} onValueChange={(v) => onChange({ model: v === ALL ? null : (v as ModelId) })}>
        <SelectTrigger className="w-48" aria-label="Filter by model">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={ALL}>All models</SelectItem>
          {MODEL_IDS.map((id) => (
            <SelectItem key={id} value={id}>
              {MODELS[id].label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      <Select value={view.dept ?? ALL} onValueChange={(v) => onChange({ dept: v === ALL ? null : v })}>
        <SelectTrigger className="w-44" aria-label="Filter by department">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value={ALL}>All departments</SelectItem>
          {departments.map((d) => (
            <SelectItem key={d._id} value={d._id}>
              {d.name}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
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
    </div>
  );
}
