import { Badge, type BadgeProps } from "@/components/ui/badge";

type Variant = NonNullable<BadgeProps["variant"]>;

/** Known statuses get a colour; anything newer still renders, neutrally. */
const STATUS_VARIANT: Record<string, Variant> = {
  active: "success",
  trial: "default",
  trialing: "default",
  past_due: "warning",
  suspended: "destructive",
  deleted: "destructive",
  pending_deletion: "destructive",
};

function humanize(value: string): string {
  const text = value.replace(/[_-]+/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function TenantStatusBadge({ status }: { status: string }) {
  return (
    <Badge variant={STATUS_VARIANT[status] ?? "secondary"}>
      <span className="size-1.5 rounded-full bg-current" aria-hidden="true" />
      {humanize(status)}
    </Badge>
  );
}

export function PlanBadge({ plan }: { plan: string }) {
  return <Badge variant="outline">{humanize(plan)}</Badge>;
}

export function RoleBadge({ role }: { role: string }) {
  return <Badge variant="secondary">{humanize(role)}</Badge>;
}
