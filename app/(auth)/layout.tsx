import { ThemeToggle } from "@/components/theme/theme-toggle";
import { Brand } from "@/components/layout/brand";
import type * as React from "react";

/** Signed-out pages: a brand panel beside the form on wide screens, the form alone on narrow ones. */
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="grid flex-1 lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)]">
      <aside className="relative hidden overflow-hidden bg-[oklch(0.22_0.06_275)] p-10 text-white lg:flex lg:flex-col">
        <div
          aria-hidden="true"
          className="absolute inset-0 bg-[radial-gradient(circle_at_20%_20%,oklch(0.55_0.2_275/.55),transparent_55%),radial-gradient(circle_at_80%_90%,oklch(0.6_0.17_200/.35),transparent_50%)]"
        />
        <Brand inverted className="relative text-lg" />
        <div className="relative mt-auto max-w-md space-y-6">
          <h2 className="text-3xl leading-tight font-semibold tracking-tight text-balance">
            Every tenant isolated. Every agent accounted for.
          </h2>
          <ul className="space-y-3 text-sm text-white/75">
            <li>Tenant-scoped data by construction, not by convention.</li>
            <li>Quotas enforced inside the write that would exceed them.</li>
            <li>Usage, costs and billing per tenant, agent and model.</li>
          </ul>
        </div>
        <p className="relative mt-10 text-xs text-white/50">Tenantry control plane</p>
      </aside>
      <main className="relative flex flex-col px-6 py-8 sm:px-10">
        <div className="flex items-center justify-between lg:justify-end">
          <Brand className="lg:hidden" />
          <ThemeToggle />
        </div>
        <div className="flex flex-1 items-center justify-center py-10">{children}</div>
      </main>
    </div>
  );
}
