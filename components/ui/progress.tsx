import { formatLimit, formatNumber } from "@/lib/domain/format";
import type * as React from "react";
import { cn } from "@/lib/utils";

/** How close a usage figure is to its limit; drives colour at 80, 90 and 100 percent. */
export type QuotaLevel = "ok" | "warning" | "critical" | "exceeded";

export function quotaLevel(percent: number): QuotaLevel {
  if (percent >= 100) return "exceeded";
  if (percent >= 90) return "critical";
  if (percent >= 80) return "warning";
  return "ok";
}

const indicatorColour: Record<QuotaLevel, string> = {
  ok: "bg-primary",
  warning: "bg-warning",
  critical: "bg-caution",
  exceeded: "bg-destructive",
};

/**
 * A determinate progress bar, the markup Radix's Progress rendered (role, aria values,
 * data-state) without the library: it is drawn on the first paint of the overview, billing
 * and admin tenant pages, where a client primitive only added script.
 */
export function Progress({
  className,
  value,
  level = "ok",
  ...props
}: React.ComponentProps<"div"> & { value: number; level?: QuotaLevel }) {
  const clamped = Math.min(100, Math.max(0, value));
  const state = clamped === 100 ? "complete" : "loading";
  return (
    <div
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped}
      aria-valuetext={`${Math.round(clamped)}%`}
      data-state={state}
      data-value={clamped}
      data-max={100}
      data-slot="progress"
      className={cn("relative h-2 w-full overflow-hidden rounded-full bg-muted", className)}
      {...props}
    >
      <div
        data-state={state}
        data-value={clamped}
        data-max={100}
        data-slot="progress-indicator"
        data-level={level}
        className={cn("h-full w-full flex-1 rounded-full transition-transform", indicatorColour[level])}
        style={{ transform: `translateX(-${100 - clamped}%)` }}
      />
    </div>
  );
}

export type QuotaBarProps = {
  label: string;
  used: number;
  /** null means the plan has no limit for this figure. */
  limit: number | null;
  /** How both numbers are written (the shared format module's helpers); plain counts by default. */
  format?: (n: number) => string;
  className?: string;
};

/** A labelled usage bar: "12 / 20 agents", amber from 80%, orange from 90%, red at the limit. */
export function QuotaBar({ label, used, limit, format = formatNumber, className }: QuotaBarProps) {
  const percent = limit === null ? 0 : limit === 0 ? (used > 0 ? 100 : 0) : (used / limit) * 100;
  const level = limit === null ? "ok" : quotaLevel(percent);
  return (
    <div data-slot="quota-bar" className={cn("grid gap-2", className)}>
      <div className="flex items-baseline justify-between gap-4 text-sm">
        <span className="font-medium">{label}</span>
        <span className={cn("tabular-nums text-muted-foreground", level === "exceeded" && "font-medium text-destructive")}>
          {format(used)} / {formatLimit(limit, format)}
        </span>
      </div>
      <Progress value={percent} level={level} aria-label={`${label} usage`} />
    </div>
  );
}
