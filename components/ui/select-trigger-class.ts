/** The select trigger's look, shared by the Radix trigger (select.tsx) and the plain one shown before it loads (deferred-select.tsx). */
export const selectTriggerClass = [
  "flex h-9 w-full items-center justify-between gap-2 rounded-md border border-input bg-card px-3 py-1 text-sm whitespace-nowrap shadow-xs outline-none",
  "focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/30 disabled:cursor-not-allowed disabled:opacity-50",
  "aria-invalid:border-destructive data-[placeholder]:text-muted-foreground [&>span]:truncate",
].join(" ");
