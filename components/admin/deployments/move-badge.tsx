import { Badge, type BadgeProps } from "@/components/ui/badge";

type Status = "running" | "failed" | "switched" | "done" | "reversed";

const VARIANT: Record<Status, BadgeProps["variant"]> = {
  running: "default",
  switched: "warning",
  failed: "destructive",
  done: "success",
  reversed: "secondary",
};

/**
 * A move's phase, coloured by its status: the phase says where the runner is, the status
 * whether someone must act (failed: resume or reverse; switched: complete once checked).
 */
export function MoveBadge({ phase, status }: { phase: string; status: Status }) {
  return (
    <Badge variant={VARIANT[status]}>
      {phase}
      {status !== phase && <span className="font-normal opacity-80"> · {status}</span>}
    </Badge>
  );
}
