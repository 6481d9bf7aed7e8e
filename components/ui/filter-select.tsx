"use client";

import { cn } from "@/lib/utils";
import { DeferredSelect } from "./deferred-select";

// Radix Select has no empty value, so "no filter" travels as this sentinel.
const ALL = "__all__";

/** A labelled filter dropdown whose first option clears the filter (value null). */
export function FilterSelect<T extends string>({
  label,
  allLabel,
  value,
  options,
  onChange,
  className,
}: {
  label: string;
  allLabel: string;
  value: T | null | undefined;
  options: readonly { value: T; label: string }[];
  onChange: (value: T | null) => void;
  className?: string;
}) {
  // Deferred: Radix's select code loads when the filter is first opened (deferred-select.tsx).
  return (
    <DeferredSelect
      value={value ?? ALL}
      onValueChange={(v) => onChange(v === ALL ? null : (v as T))}
      options={[{ value: ALL, label: allLabel }, ...options]}
      className={cn("w-40", className)}
      aria-label={label}
    />
  );
}
