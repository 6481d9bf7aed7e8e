import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatMicros, formatNumber } from "@/lib/domain/format";

type Row = { agentId: string; name: string; calls: number; costMicros: number };
type ModelRow = { model: string; label: string; costMicros: number };

/** Where this month's money goes: the five costliest agents. */
export function TopAgents({ agents }: { agents: Row[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Top agents by cost</CardTitle>
        <CardDescription>This month, from usage rollups</CardDescription>
      </CardHeader>
      <CardContent>
        {agents.length === 0 ? (
          <p className="text-sm text-muted-foreground">No agent calls this month yet.</p>
        ) : (
          <ol className="grid gap-3">
            {agents.map((a, i) => (
              <li key={a.agentId} className="flex items-center gap-3 text-sm">
                <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-muted text-xs font-medium tabular-nums">
                  {i + 1}
                </span>
                <span className="min-w-0 flex-1 truncate font-medium">{a.name}</span>
                <span className="text-xs text-muted-foreground tabular-nums">{formatNumber(a.calls)} calls</span>
                <span className="w-20 text-right font-medium tabular-nums">{formatMicros(a.costMicros)}</span>
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}

/** This month's cost split by model, with each model's share. */
export function CostByModel({ models, totalMicros }: { models: ModelRow[]; totalMicros: number }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Cost by model</CardTitle>
        <CardDescription>This month, share of total spend</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {models.length === 0 ? (
          <p className="text-sm text-muted-foreground">No spend this month yet.</p>
        ) : (
          models.map((m) => {
            const share = totalMicros ? Math.round((m.costMicros / totalMicros) * 100) : 0;
            return (
              <div key={m.model} className="grid gap-1.5">
                <div className="flex justify-between text-sm">
                  <span>{m.label}</span>
                  <span className="tabular-nums">
                    {formatMicros(m.costMicros)} <span className="text-muted-foreground">({share}%)</span>
                  </span>
                </div>
                <div className="h-1.5 rounded-full bg-muted" aria-hidden="true">
                  <div className="h-full rounded-full bg-primary/70" style={{ width: `${share}%` }} />
                </div>
              </div>
            );
          })
        )}
      </CardContent>
    </Card>
  );
}
