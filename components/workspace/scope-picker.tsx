"use client";

import { useQuery } from "convex/react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { useTenant } from "@/components/tenant/tenant-context";

export type PickedScope = { environment: string; team: string | null };

/** The environment and team switchers every workspace page shares; production, no team, by default. */
export function useScope() {
  const [scope, setScope] = useState<PickedScope>({ environment: "production", team: null });
  return [scope, setScope] as const;
}

export function ScopePicker({ scope, onChange }: { scope: PickedScope; onChange(scope: PickedScope): void }) {
  const { slug } = useTenant();
  const overview = useQuery(api.workspace.settings.overview, { slug });
  const select = "h-8 rounded-md border bg-background px-2 text-sm";
  return (
    <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Scope">
      <select
        aria-label="Environment"
        className={select}
        value={scope.environment}
        onChange={(e) => onChange({ ...scope, environment: e.target.value })}
      >
        {(overview?.environments ?? ["production"]).map((e) => (
          <option key={e} value={e}>
            {e}
          </option>
        ))}
      </select>
      <select
        aria-label="Team"
        className={select}
        value={scope.team ?? ""}
        onChange={(e) => onChange({ ...scope, team: e.target.value || null })}
      >
        <option value="">No team</option>
        {(overview?.teams ?? []).map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
    </div>
  );
}
