"use client";

import { ChevronDownIcon } from "lucide-react";
import { cn } from "@/lib/utils";
import { useDeferredMenu } from "./deferred-menu";
import { selectTriggerClass } from "./select-trigger-class";

export type DeferredSelectProps = {
  value: string;
  onValueChange(value: string): void;
  options: readonly { value: string; label: string; disabled?: boolean }[];
  disabled?: boolean;
  /** The trigger's classes, as for SelectTrigger. */
  className?: string;
  id?: string;
  "aria-label"?: string;
  "aria-labelledby"?: string;
  "aria-invalid"?: boolean;
};

const loadSelect = () => import("./deferred-select-impl").then((m) => m.DeferredSelectImpl);

/**
 * A select of plain options whose Radix code (select, popper, focus scope: ~30 kB gzipped)
 * is fetched when it is first pressed, as deferred-menu.ts does for menus. Until then the
 * trigger is a plain combobox button showing the chosen option's label, styled like
 * SelectTrigger, so the page looks and reads the same before and after.
 */
export function DeferredSelect(props: DeferredSelectProps) {
  const { Menu: Impl, triggerProps } = useDeferredMenu(loadSelect);
  if (Impl) return <Impl {...props} />;
  const { value, options, disabled, className, onValueChange: _unused, ...aria } = props;
  return (
    <button
      type="button"
      role="combobox"
      aria-autocomplete="none"
      data-slot="select-trigger"
      disabled={disabled}
      className={cn(selectTriggerClass, className)}
      {...aria}
      {...triggerProps}
      aria-haspopup="listbox"
    >
      <span className="pointer-events-none">{options.find((o) => o.value === value)?.label ?? value}</span>
      <ChevronDownIcon className="size-4 shrink-0 opacity-60" aria-hidden="true" />
    </button>
  );
}
