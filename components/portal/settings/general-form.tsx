"use client";

import { useMutation } from "convex/react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { useTenant } from "@/components/tenant/tenant-context";
import { emailProblem, parseDollars, tenantNameProblem } from "@/lib/domain/validation";
import { attempt } from "../../shared/errors";
import { syncOrganization } from "./actions";
import { describedBy, FormField } from "../../shared/form-field";

type Settings = { name: string; billingEmail: string; monthlyBudgetCents: number | null };

/** Name, billing email and monthly budget: checked here, checked again by Convex. */
export function GeneralForm({ settings }: { settings: Settings }) {
  const { slug } = useTenant();
  const update = useMutation(api.portal.settings.update);
  const [name, setName] = useState(settings.name);
  const [email, setEmail] = useState(settings.billingEmail);
  const [budget, setBudget] = useState(settings.monthlyBudgetCents === null ? "" : (settings.monthlyBudgetCents / 100).toFixed(2));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = parseDollars(budget);
    const found: Record<string, string> = {};
    const nameProblem = tenantNameProblem(name);
    const mailProblem = emailProblem(email);
    if (nameProblem) found.name = nameProblem;
    if (mailProblem) found.billingEmail = mailProblem;
    if (parsed.problem) found.monthlyBudget = parsed.problem;
    setErrors(found);
    if (Object.keys(found).length) return;
    setSaving(true);
    const result = await attempt(() => update({ slug, name, billingEmail: email, monthlyBudgetCents: parsed.cents }), "Settings saved");
    if (result.ok && name.trim() !== settings.name) {
      const synced = await syncOrganization(slug);
      if (!synced.ok) setErrors({ form: synced.message });
    }
    setSaving(false);
    if (!result.ok) setErrors({ [result.error.field ?? "form"]: result.error.message });
  }

  return (
    <Card>
      <form onSubmit={submit} noValidate className="contents">
        <CardHeader>
          <CardTitle>General</CardTitle>
          <CardDescription>How this workspace is named and billed.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5 sm:grid-cols-2">
          <FormField id="settings-name" label="Workspace name" error={errors.name} className="sm:col-span-2">
            <Input
              id="settings-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={80}
              aria-invalid={Boolean(errors.name)}
              aria-describedby={describedBy("settings-name", errors.name)}
            />
          </FormField>
          <FormField
            id="settings-billing-email"
            label="Billing email"
            error={errors.billingEmail}
            hint="Invoices and budget alerts go here."
          >
            <Input
              id="settings-billing-email"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-invalid={Boolean(errors.billingEmail)}
              aria-describedby={describedBy("settings-billing-email", errors.billingEmail, true)}
            />
          </FormField>
          <FormField
            id="settings-budget"
            label="Monthly budget (USD)"
            error={errors.monthlyBudget}
            hint="Leave empty for no budget. Shown against month-to-date cost."
          >
            <Input
              id="settings-budget"
              inputMode="decimal"
              value={budget}
              onChange={(e) => setBudget(e.target.value)}
              placeholder="1000.00"
              aria-invalid={Boolean(errors.monthlyBudget)}
              aria-describedby={describedBy("settings-budget", errors.monthlyBudget, true)}
            />
          </FormField>
          {errors.form && <p className="text-sm text-destructive sm:col-span-2">{errors.form}</p>}
        </CardContent>
        <CardFooter className="justify-end border-t pt-6">
          <Button type="submit" disabled={saving}>
            {saving ? "Saving…" : "Save changes"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
