"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

const ITEMS = [
  { label: "Overview", href: "/admin" },
  { label: "Tenants", href: "/admin/tenants" },
  { label: "Deployments", href: "/admin/deployments" },
  { label: "Agent memories", href: "/admin/memories" },
  { label: "Audit log", href: "/admin/audit" },
  { label: "Webhooks", href: "/admin/webhooks" },
  { label: "Tokens", href: "/admin/tokens" },
];

/** The admin console's sections. */
export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Admin sections" className="-mb-px flex gap-1 overflow-x-auto border-b">
      {ITEMS.map((item) => {
        const active = item.href === "/admin" ? pathname === "/admin" : pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
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
