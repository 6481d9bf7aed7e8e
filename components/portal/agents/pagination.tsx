"use client";

import { ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DeferredSelect } from "@/components/ui/deferred-select";
import { PAGE_SIZES } from "./view-state";

type Props = { page: number; size: number; shown: number; hasNext: boolean; onPrev(): void; onNext(): void; onSize(size: number): void };

/** Cursor pagination: Convex pages forward from a cursor, so there is a page number but no page count. */
export function AgentsPagination({ page, size, shown, hasNext, onPrev, onNext, onSize }: Props) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-muted-foreground">
      <p aria-live="polite">
        Page {page} · {shown} {shown === 1 ? "agent" : "agents"} shown
      </p>
      <div className="flex items-center gap-2">
        <span id="rows-per-page">Rows per page</span>
        <DeferredSelect
          value={String(size)}
          onValueChange={(v) => onSize(Number(v))}
          options={PAGE_SIZES.map((n) => ({ value: String(n), label: String(n) }))}
          className="h-8 w-20"
          aria-labelledby="rows-per-page"
        />
        <Button variant="outline" size="sm" onClick={onPrev} disabled={page <= 1}>
          <ChevronLeftIcon /> Previous
        </Button>
        <Button variant="outline" size="sm" onClick={onNext} disabled={!hasNext}>
          Next <ChevronRightIcon />
        </Button>
      </div>
    </div>
  );
}
