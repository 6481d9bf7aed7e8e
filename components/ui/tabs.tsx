"use client";

import * as React from "react";
import { cn } from "@/lib/utils";

/**
 * Tabs with the WAI-ARIA tabs pattern: a tablist of buttons (arrow keys, Home and End move
 * and select, only the selected tab is in the tab order) controlling one tabpanel. The
 * Radix primitive it replaced brought roving focus, collections and presence with it,
 * about 5 kB gzipped on the usage page, its only user; the API is the same subset
 * (`value`/`onValueChange`, `asChild` on the root and the panel).
 */
type TabsState = { value: string; select(value: string): void; id: string };
const TabsContext = React.createContext<TabsState | null>(null);

function useTabs(): TabsState {
  const state = React.useContext(TabsContext);
  if (!state) throw new Error("Tabs parts must sit inside <Tabs>");
  return state;
}

const tabId = (id: string, value: string) => `${id}-tab-${value}`;
const panelId = (id: string, value: string) => `${id}-panel-${value}`;

/** Renders its props onto the one child element (className merged), or into a div. */
function Slot({ asChild, children, className, ...props }: React.ComponentProps<"div"> & { asChild?: boolean }) {
  if (asChild && React.isValidElement<{ className?: string }>(children)) {
    return React.cloneElement(children, { ...props, className: cn(className, children.props.className) });
  }
  return (
    <div className={className} {...props}>
      {children}
    </div>
  );
}

export function Tabs({
  value,
  onValueChange,
  ...props
}: Omit<React.ComponentProps<"div">, "onChange"> & { value: string; onValueChange(value: string): void; asChild?: boolean }) {
  const id = React.useId();
  const state = React.useMemo(() => ({ value, select: onValueChange, id }), [value, onValueChange, id]);
  return (
    <TabsContext value={state}>
      <Slot data-orientation="horizontal" {...props} />
    </TabsContext>
  );
}

export function TabsList({ className, onKeyDown, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      role="tablist"
      aria-orientation="horizontal"
      data-slot="tabs-list"
      className={cn("inline-flex h-9 items-center gap-1 rounded-lg bg-muted p-1 text-muted-foreground", className)}
      onKeyDown={(event) => {
        onKeyDown?.(event);
        const tabs = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('[role="tab"]:not(:disabled)')];
        const at = tabs.indexOf(document.activeElement as HTMLButtonElement);
        const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
        if (at < 0 || to === undefined) return;
        event.preventDefault();
        // Wraps around at either end; focusing a tab selects it (automatic activation).
        tabs[(to + tabs.length) % tabs.length]?.focus();
      }}
      {...props}
    />
  );
}

export function TabsTrigger({ className, value, onFocus, onClick, ...props }: React.ComponentProps<"button"> & { value: string }) {
  const tabs = useTabs();
  const selected = tabs.value === value;
  return (
    <button
      type="button"
      role="tab"
      id={tabId(tabs.id, value)}
      aria-selected={selected}
      aria-controls={panelId(tabs.id, value)}
      tabIndex={selected ? 0 : -1}
      data-state={selected ? "active" : "inactive"}
      data-slot="tabs-trigger"
      className={cn(
        "inline-flex h-7 items-center justify-center gap-1.5 rounded-md px-3 text-sm font-medium whitespace-nowrap transition-colors outline-none",
        "focus-visible:ring-[3px] focus-visible:ring-ring/40 data-[state=active]:bg-card data-[state=active]:text-foreground data-[state=active]:shadow-xs",
        className,
      )}
      onFocus={(event) => {
        onFocus?.(event);
        if (!selected) tabs.select(value);
      }}
      onClick={(event) => {
        onClick?.(event);
        if (!selected) tabs.select(value);
      }}
      {...props}
    />
  );
}

/** The selected tab's panel; a panel for another value renders nothing. */
export function TabsContent({ className, value, ...props }: React.ComponentProps<"div"> & { value: string; asChild?: boolean }) {
  const tabs = useTabs();
  if (tabs.value !== value) return null;
  return (
    <Slot
      role="tabpanel"
      id={panelId(tabs.id, value)}
      aria-labelledby={tabId(tabs.id, value)}
      tabIndex={0}
      data-state="active"
      data-slot="tabs-content"
      className={cn("outline-none", className)}
      {...props}
    />
  );
}
