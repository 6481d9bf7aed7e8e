import type * as React from "react";
import { cn } from "@/lib/utils";

/** Table shell (shadcn's): semantic table elements with the kit's styling. Data tables compose these. */
export function Table({
  className,
  containerClassName,
  scrollLabel,
  stickyFirstColumn = false,
  ...props
}: React.ComponentProps<"table"> & {
  /** e.g. a max height, so sticky header and footer rows stay in view. */
  containerClassName?: string;
  /** Names a vertically scrolling table, which then takes keyboard focus so it can be scrolled without a mouse. */
  scrollLabel?: string;
  /**
   * Keeps the first column in view while a table wider than the page scrolls sideways
   * inside its own container (the page itself never scrolls sideways).
   */
  stickyFirstColumn?: boolean;
}) {
  return (
    <div
      data-slot="table-container"
      className={cn(
        "relative w-full overflow-x-auto rounded-xl border bg-card focus-visible:ring-[3px] focus-visible:ring-ring/40 focus-visible:outline-none",
        containerClassName,
      )}
      {...(scrollLabel ? { tabIndex: 0, role: "region", "aria-label": scrollLabel } : {})}
    >
      <table
        data-slot="table"
        className={cn(
          "w-full caption-bottom text-sm",
          stickyFirstColumn &&
            "[&_tr>*:first-child]:sticky [&_tr>*:first-child]:left-0 [&_tr>*:first-child]:z-[1] [&_tr>*:first-child]:bg-card [&_tr>*:first-child]:shadow-[inset_-1px_0_0_var(--color-border)]",
          className,
        )}
        {...props}
      />
    </div>
  );
}

export function TableHeader({ className, ...props }: React.ComponentProps<"thead">) {
  return <thead data-slot="table-header" className={cn("bg-muted/50 [&_tr]:border-b", className)} {...props} />;
}

export function TableBody({ className, ...props }: React.ComponentProps<"tbody">) {
  return <tbody data-slot="table-body" className={cn("[&_tr:last-child]:border-0", className)} {...props} />;
}

export function TableFooter({ className, ...props }: React.ComponentProps<"tfoot">) {
  return <tfoot data-slot="table-footer" className={cn("border-t bg-muted/50 font-medium", className)} {...props} />;
}

export function TableRow({ className, ...props }: React.ComponentProps<"tr">) {
  return (
    <tr
      data-slot="table-row"
      className={cn("border-b transition-colors hover:bg-muted/40 data-[state=selected]:bg-muted", className)}
      {...props}
    />
  );
}

export function TableHead({ className, ...props }: React.ComponentProps<"th">) {
  return (
    <th
      data-slot="table-head"
      className={cn(
        "h-10 px-4 text-left align-middle text-xs font-medium tracking-wide whitespace-nowrap text-muted-foreground uppercase",
        className,
      )}
      {...props}
    />
  );
}

export function TableCell({ className, ...props }: React.ComponentProps<"td">) {
  return <td data-slot="table-cell" className={cn("px-4 py-3 align-middle whitespace-nowrap", className)} {...props} />;
}

export function TableCaption({ className, ...props }: React.ComponentProps<"caption">) {
  return <caption data-slot="table-caption" className={cn("py-3 text-sm text-muted-foreground", className)} {...props} />;
}
