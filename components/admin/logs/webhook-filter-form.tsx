"use client";

import { FilterIcon, XIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { DeferredSelect } from "@/components/ui/deferred-select";
import { OUTCOMES, PROVIDERS, webhookSearch, type WebhookFilters } from "./webhook-filters";

const ALL = "all";
const PROVIDER_OPTIONS = [
  { value: ALL, label: "All providers" },
  ...PROVIDERS.map((p) => ({ value: p, label: p === "stripe" ? "Stripe" : "Clerk" })),
];
const OUTCOME_OPTIONS = [{ value: ALL, label: "All outcomes" }, ...OUTCOMES.map((o) => ({ value: o, label: o }))];

/** Filters for the webhook log; applying them loads the page for the new address. */
export function WebhookFilterForm({ filters, error }: { filters: WebhookFilters; error: string | null }) {
  const router = useRouter();
  const [f, setF] = useState(filters);
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => (e.preventDefault(), router.push(`/admin/webhooks${webhookSearch({ ...f, tenant: f.tenant.trim() })}`))}
    >
      <div className="grid gap-1.5">
        <Label htmlFor="wh-provider">Provider</Label>
        <DeferredSelect
          id="wh-provider"
          className="w-36"
          value={f.provider ?? ALL}
          onValueChange={(v) => setF({ ...f, provider: v === ALL ? null : (v as WebhookFilters["provider"]) })}
          options={PROVIDER_OPTIONS}
        />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="wh-outcome">Outcome</Label>
        <DeferredSelect
          id="wh-outcome"
          className="w-36"
          value={f.outcome ?? ALL}
          onValueChange={(v) => setF({ ...f, outcome: v === ALL ? null : (v as WebhookFilters["outcome"]) })}
          options={OUTCOME_OPTIONS}
        />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="wh-tenant">Tenant slug</Label>
        <Input
          id="wh-tenant"
          value={f.tenant}
          onChange={(e) => setF({ ...f, tenant: e.target.value })}
          placeholder="acme"
          className="w-44"
          aria-invalid={Boolean(error)}
          aria-describedby={error ? "wh-error" : undefined}
        />
      </div>
      <Button type="submit">
        <FilterIcon /> Apply
      </Button>
      {(filters.provider || filters.outcome || filters.tenant) && (
        <Button type="button" variant="ghost" onClick={() => router.push("/admin/webhooks")}>
          <XIcon /> Clear
        </Button>
      )}
      {error && (
        <p id="wh-error" role="alert" className="w-full text-sm font-medium text-destructive">
          {error}
        </p>
      )}
    </form>
  );
}
