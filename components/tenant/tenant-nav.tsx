"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { can, type Role } from "@/lib/permissions";
import { cn } from "@/lib/utils";
import { TENANT_NAV } from "./nav-items";

/** Section tabs under /t/[slug]; only the sections the caller's role may open. */
export function TenantNav({ slug, role }: { slug: string; role: Role }) {
  const pathname = usePathname();
  const base = `/t/${slug}`;
  return (
    <nav aria-label="Tenant sections" className="-mb-px flex gap-1 overflow-x-auto border-b">
      {TENANT_NAV.filter((item) => can(role, item.permission)).map((item) => {
        const href = item.segment ? `${base}/${item.segment}` : base;
        const active = item.segment ? pathname.startsWith(href) : pathname === base;
        return (
          <Link
            key={item.label}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors",
              active ? "border-primary text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
            )}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
