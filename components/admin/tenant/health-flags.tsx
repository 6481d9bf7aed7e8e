import { AlertTriangleIcon, CheckCircle2Icon } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import type { TenantDetail } from "./actions/types";

const TITLE: Record<string, string> = {
  near_quota: "Near a quota",
  past_due: "Past due",
  suspended: "Suspended",
  deleted: "Deleted",
  spike: "Unusual spike",
  inactive: "Inactive",
  trial_ending: "Trial ending",
};

/** Health flags: near a quota, past due, unusual spike, inactive (and the lifecycle states). */
export function HealthFlags({ flags }: { flags: TenantDetail["flags"] }) {
  if (flags.length === 0) {
    return (
      <p className="flex items-center gap-2 text-sm text-muted-foreground" data-testid="health-ok">
        <CheckCircle2Icon className="size-4 text-success" aria-hidden="true" /> Healthy: no quota near its limit, payments current, usage
        steady.
      </p>
    );
  }
  return (
    <div className="grid gap-2 md:grid-cols-2">
      {flags.map((f) => (
        <Alert
          key={f.kind}
          variant={f.kind === "suspended" || f.kind === "deleted" || f.kind === "past_due" ? "destructive" : "warning"}
          data-testid={`flag-${f.kind}`}
        >
          <AlertTriangleIcon />
          <AlertTitle>{TITLE[f.kind] ?? f.kind}</AlertTitle>
          <AlertDescription>{f.message}</AlertDescription>
        </Alert>
      ))}
    </div>
  );
}
