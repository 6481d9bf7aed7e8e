"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { DeferredSelect } from "@/components/ui/deferred-select";
import { describedBy } from "../../shared/form-field";
import { PRESETS, presetRange, rangeProblem, type Period, type PresetId } from "./period";

/** Preset periods, or a custom from/to range checked before it is applied. */
export function PeriodPicker({
  period,
  onChange,
}: {
  period: Period;
  onChange(p: { preset: PresetId | "custom"; from: string; to: string }): void;
}) {
  const [custom, setCustom] = useState(period.preset === "custom");
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [error, setError] = useState<{ field: string; message: string } | null>(null);

  return (
    <div className="flex flex-wrap items-end gap-2">
      <DeferredSelect
        value={custom ? "custom" : period.preset}
        onValueChange={(v) => {
          if (v === "custom") return setCustom(true);
          setCustom(false);
          setError(null);
          onChange({ preset: v as PresetId, ...presetRange(v as PresetId, Date.now()) });
        }}
        options={[...PRESETS.map((p) => ({ value: p.id, label: p.label })), { value: "custom", label: "Custom range" }]}
        className="w-40"
        aria-label="Period"
      />
      {custom && (
        <form
          className="flex flex-wrap items-start gap-2"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const problem = rangeProblem(from, to);
            setError(problem);
            if (!problem) onChange({ preset: "custom", from, to });
          }}
        >
          <div className="grid gap-1">
            <Input
              type="date"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              aria-label="From (UTC)"
              className="w-40"
              aria-invalid={error?.field === "from"}
              aria-describedby={describedBy("period", error?.message)}
            />
          </div>
          <div className="grid gap-1">
            <Input
              type="date"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              aria-label="To (UTC)"
              className="w-40"
              aria-invalid={error?.field === "to"}
              aria-describedby={describedBy("period", error?.message)}
            />
          </div>
          <Button type="submit" variant="outline">
            Apply
          </Button>
          {error && (
            <p id="period-error" className="basis-full text-xs font-medium text-destructive">
              {error.message}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
