import Link from "next/link";
import { cn } from "@/lib/utils";

/**
 * The Tenantry mark: stacked layers, one per tenant. Inline SVG, nothing to fetch.
 * `inverted` draws it light-on-dark for coloured panels.
 */
export function BrandMark({ className, inverted = false }: { className?: string; inverted?: boolean }) {
  const tile = inverted ? "fill-white" : "fill-primary";
  const ink = inverted ? "oklch(0.42 0.19 275)" : "var(--primary-foreground)";
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className={cn("size-7", className)}>
      <rect width="32" height="32" rx="8" className={tile} />
      <path d="M8 12.5 16 8l8 4.5-8 4.5z" fill={ink} />
      <path d="m8 16.5 8 4.5 8-4.5" stroke={ink} strokeWidth="2" fill="none" strokeLinejoin="round" opacity=".75" />
      <path d="m8 20.5 8 4.5 8-4.5" stroke={ink} strokeWidth="2" fill="none" strokeLinejoin="round" opacity=".45" />
    </svg>
  );
}

export function Brand({ href = "/", className, inverted }: { href?: string; className?: string; inverted?: boolean }) {
  return (
    <Link href={href} className={cn("flex items-center gap-2 font-semibold tracking-tight", className)}>
      <BrandMark inverted={inverted} />
      <span>Tenantry</span>
    </Link>
  );
}
