import type * as React from "react";
import { cn } from "@/lib/utils";

/** A plain <label>: native association via htmlFor is all the kit needs. */
export function Label({ className, ...props }: React.ComponentProps<"label">) {
  return (
    <label
      data-slot="label"
      className={cn("flex items-center gap-2 text-sm leading-none font-medium select-none peer-disabled:opacity-50", className)}
      {...props}
    />
  );
}
