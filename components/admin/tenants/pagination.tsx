"use client";

import { ChevronFirstIcon, ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { formatNumber } from "@/lib/domain/format";
import { PAGE_SIZE } from "./view-state";

type Props = {
  page: number;
  total: number;
  shown: number;
  hasPrev: boolean;
  hasNext: boolean;
  truncated: boolean;
  onFirst(): void;
  onPrev(): void;
  onNext(): void;
};

/** Keyset paging: first, previous and next; the total comes from the maintained counts. */
export function TenantsPagination({ page, total, shown, hasPrev, hasNext, truncated, onFirst, onPrev, onNext }: Props) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-muted-foreground">
      <p aria-live="polite">
        Page {formatNumber(Math.min(page, pages))} of {formatNumber(pages)} · {formatNumber(shown)} shown of {formatNumber(total)}
        {truncated ? "+ matches: type more of the name to narrow the search" : ` ${total === 1 ? "tenant" : "tenants"}`}
      </p>
      <div className="flex items-center gap-2">
        <Button variant="outline" size="sm" onClick={onFirst} disabled={!hasPrev} aria-label="First page">
          <ChevronFirstIcon />
        </Button>
        <Button variant="outline" size="sm" onClick={onPrev} disabled={!hasPrev}>
          <ChevronLeftIcon /> Previous
        </Button>
        <Button variant="outline" size="sm" onClick={onNext} disabled={!hasNext}>
          Next <ChevronRightIcon />
        </Button>
      </div>
    </div>
  );
}
