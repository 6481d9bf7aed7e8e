import { Badge, type BadgeProps } from "@/components/ui/badge";

const VARIANT: Record<string, NonNullable<BadgeProps["variant"]>> = {
  processed: "success",
  duplicate: "secondary",
  ignored: "outline",
  failed: "destructive",
  received: "warning",
};

/** A webhook event's outcome: processed, duplicate, ignored, failed (or still received). */
export function OutcomeBadge({ outcome }: { outcome: string }) {
  return <Badge variant={VARIANT[outcome] ?? "secondary"}>{outcome}</Badge>;
}
