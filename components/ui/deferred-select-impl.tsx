"use client";

import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "./select";
import type { DeferredSelectProps } from "./deferred-select";

/** The Radix select behind DeferredSelect, loaded when its trigger is first pressed, so it mounts open. */
export function DeferredSelectImpl({ value, onValueChange, options, disabled, className, ...aria }: DeferredSelectProps) {
  return (
    <Select defaultOpen value={value} onValueChange={onValueChange} disabled={disabled}>
      <SelectTrigger className={className} {...aria}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {options.map((o) => (
          <SelectItem key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
