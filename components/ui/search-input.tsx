"use client";

import { SearchIcon } from "lucide-react";
import { useEffect, useEffectEvent, useState } from "react";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";

/**
 * The text of a search box whose committed value lives elsewhere (the URL): typing
 * waits for a 300 ms pause before it becomes a query, so each keystroke is not a
 * server round trip. Returns the text and its setter (a toolbar's Clear empties it).
 */
export function useDebouncedSearch(committed: string, commit: (q: string) => void) {
  const [search, setSearch] = useState(committed);
  const onPause = useEffectEvent((q: string) => commit(q));
  useEffect(() => {
    if (search.trim() === committed) return;
    const timer = setTimeout(() => onPause(search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search, committed]);
  return [search, setSearch] as const;
}

/** A labelled search box with a magnifier, for table toolbars. */
export function SearchInput({
  value,
  onValueChange,
  label,
  placeholder,
  className,
}: {
  value: string;
  onValueChange(value: string): void;
  label: string;
  placeholder: string;
  className?: string;
}) {
  return (
    <div className={cn("relative w-full", className)}>
      <SearchIcon
        className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
        aria-hidden="true"
      />
      <Input
        type="search"
        value={value}
        onChange={(e) => onValueChange(e.target.value)}
        placeholder={placeholder}
        aria-label={label}
        className="pl-8"
        maxLength={80}
      />
    </div>
  );
}
