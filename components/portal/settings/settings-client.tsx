"use client";

import { usePreloadedQuery, type Preloaded } from "convex/react";
import dynamic from "next/dynamic";
import { api } from "@/convex/_generated/api";
import { useCan, useChangesOpen } from "@/components/tenant/tenant-context";
import { PageHeader } from "../../shared/page-header";
import { DeleteCard } from "./delete-card";
import { DepartmentsCard } from "./departments-card";
import { GeneralForm } from "./general-form";
import { SlugForm } from "./slug-form";

// Below the fold and for admins only: the export tools (stream reader, progress, the emailed
// exports' live list) load after the page is interactive, not with it. The placeholder is
// their height, so nothing below moves when they arrive.
const DataTools = dynamic(() => import("./data-tools").then((m) => m.DataTools), {
  ssr: false,
  loading: () => <div className="h-[24rem] rounded-xl border bg-card md:h-[13.75rem]" aria-busy="true" />,
});

type Props = {
  settings: Preloaded<typeof api.portal.settings.get>;
  departments: Preloaded<typeof api.portal.departments.list>;
  exportTables: string[];
};

/** Settings, live; the danger zone shows only what the role may do (export: admins; delete: owners). */
export function SettingsClient({ settings: preloadedSettings, departments: preloadedDepartments, exportTables }: Props) {
  const settings = usePreloadedQuery(preloadedSettings);
  const departments = usePreloadedQuery(preloadedDepartments);
  const canExport = useCan("tenant.export");
  const canDelete = useCan("tenant.delete");
  const open = useChangesOpen();
  return (
    <div className="space-y-6">
      <PageHeader title="Settings" description="Workspace details, departments, and what happens to its data." />
      {/* A suspended or past-due workspace (or staff viewing it) can read these but change nothing: the fieldset disables every control. */}
      <fieldset disabled={!open} aria-label="Workspace details" className="m-0 min-w-0 space-y-6 border-0 p-0">
        {/* Keyed by the saved values: a change made elsewhere (another tab) resets the form to it. */}
        <GeneralForm key={`${settings.name}|${settings.billingEmail}|${settings.monthlyBudgetCents}`} settings={settings} />
        <SlugForm key={settings.slug} />
        <DepartmentsCard departments={departments} />
      </fieldset>
      {/* Taking your data out is not dangerous: it sits with the other data tools, outside the danger zone. */}
      {canExport && <DataTools tables={exportTables} />}
      <section aria-labelledby="danger-zone" className="space-y-3">
        <h3 id="danger-zone" className="text-sm font-semibold text-destructive">
          Danger zone
        </h3>
        <div className="divide-y rounded-xl border border-destructive/30 bg-card">
          {canDelete ? (
            <DeleteCard name={settings.name} />
          ) : (
            <p className="p-5 text-sm text-muted-foreground">Only an owner can delete this workspace.</p>
          )}
        </div>
      </section>
    </div>
  );
}
