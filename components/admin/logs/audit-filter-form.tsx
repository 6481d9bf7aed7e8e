"use client";

import { DownloadIcon, FilterIcon, XIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { auditSearch, KNOWN_ACTIONS, type AuditFilters } from "./audit-filters";

type Props = { filters: AuditFilters; error: { field?: string; message: string } | null };

/** Filter form for the audit log; applying it loads the page for the new address (checked by the server). */
export function AuditFilterForm({ filters, error }: Props) {
  const router = useRouter();
  const [f, setF] = useState(filters);
  const field = (key: keyof AuditFilters, label: string, props: React.ComponentProps<typeof Input> = {}) => {
    const apiField = { tenant: "tenantSlug", actor: "actor", action: "action", from: "from", to: "to" }[key];
    const invalid = error?.field === apiField;
    return (
      <div className="grid gap-1.5">
        <Label htmlFor={`audit-${key}`}>{label}</Label>
        <Input
          id={`audit-${key}`}
          value={f[key]}
          onChange={(e) => setF({ ...f, [key]: e.target.value })}
          aria-invalid={invalid}
          aria-describedby={invalid ? "audit-filter-error" : undefined}
          {...props}
        />
      </div>
    );
  };
  const filtered = Object.values(filters).some(Boolean);
  return (
    <form
      className="grid gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        router.push(
          `/admin/audit${auditSearch({ ...f, actor: f.actor.trim().toLowerCase(), tenant: f.tenant.trim(), action: f.action.trim() })}`,
        );
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        {field("tenant", "Tenant slug", { placeholder: "acme" })}
        {field("actor", "Actor email", { placeholder: "staff@tenantry.test", type: "email" })}
        {field("action", "Action", { placeholder: "tenant.suspend", list: "audit-actions" })}
        {field("from", "From (UTC day)", { type: "date" })}
        {field("to", "To (UTC day)", { type: "date" })}
      </div>
      <datalist id="audit-actions">
        {KNOWN_ACTIONS.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      {error && (
        <p id="audit-filter-error" role="alert" className="text-sm font-medium text-destructive">
          {error.message}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="submit">
          <FilterIcon /> Apply filters
        </Button>
        {filtered && (
          <Button type="button" variant="ghost" onClick={() => router.push("/admin/audit")}>
            <XIcon /> Clear
          </Button>
        )}
        <Button variant="outline" asChild className="ml-auto">
          <a href={`/admin/audit/export${auditSearch(filters)}`} download>
            <DownloadIcon /> Export CSV
          </a>
        </Button>
      </div>
    </form>
  );
}
