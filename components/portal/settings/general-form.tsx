"use client";

import { useMutation } from "convex/react";
import { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { useTenant } from "@/components/tenant/tenant-context";
import { parseDollars } from "@/lib/domain/validation";
import { attempt } from "../../shared/errors";
import { describedBy, FormField } from "../../shared/form-field";
import { fieldState, showServerError, useAppForm } from "../../shared/use-app-form";
import { syncOrganization } from "./actions";

// Loaded on first blur or submit, not with the page (see SchemaLoader).
const loadSchema = () => import("@/lib/domain/forms/schemas").then((m) => m.generalSettingsSchema);

type Settings = { name: string; billingEmail: string; monthlyBudgetCents: number | null };

/** Name, billing email and monthly budget: checked here with the server's rules, checked again by Convex. */
export function GeneralForm({ settings }: { settings: Settings }) {
  const { slug } = useTenant();
  const update = useMutation(api.portal.settings.update);
  const form = useAppForm(loadSchema, {
    defaultValues: {
      name: settings.name,
      billingEmail: settings.billingEmail,
      monthlyBudget: settings.monthlyBudgetCents === null ? "" : (settings.monthlyBudgetCents / 100).toFixed(2),
    },
  });
  const { register, handleSubmit, formState } = form;
  const name = fieldState(form, "name");
  const email = fieldState(form, "billingEmail");
  const budget = fieldState(form, "monthlyBudget");

  const submit = handleSubmit(async (values) => {
    const cents = parseDollars(values.monthlyBudget).cents;
    const result = await attempt(
      () => update({ slug, name: values.name, billingEmail: values.billingEmail, monthlyBudgetCents: cents }),
      "Settings saved",
    );
    if (!result.ok) return showServerError(form, result.error, { monthlyBudgetCents: "monthlyBudget" });
    if (values.name.trim() !== settings.name) {
      const synced = await syncOrganization(slug);
      if (!synced.ok) form.setError("root", { type: "server", message: synced.message });
    }
  });

  return (
    <Card>
      <form onSubmit={submit} noValidate className="contents">
        <CardHeader>
          <CardTitle>General</CardTitle>
          <CardDescription>How this workspace is named and billed.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5 sm:grid-cols-2">
          <FormField id="settings-name" label="Workspace name" error={name.error} className="sm:col-span-2">
            <Input
              id="settings-name"
              maxLength={80}
              aria-invalid={Boolean(name.error)}
              aria-describedby={describedBy("settings-name", name.error)}
              {...register("name")}
            />
          </FormField>
          <FormField id="settings-billing-email" label="Billing email" error={email.error} hint="Invoices and budget alerts go here.">
            <Input
              id="settings-billing-email"
              type="email"
              aria-invalid={Boolean(email.error)}
              aria-describedby={describedBy("settings-billing-email", email.error, true)}
              {...register("billingEmail")}
            />
          </FormField>
          <FormField
            id="settings-budget"
            label="Monthly budget (USD)"
            error={budget.error}
            hint="Leave empty for no budget. Shown against month-to-date cost."
          >
            <Input
              id="settings-budget"
              inputMode="decimal"
              placeholder="1000.00"
              aria-invalid={Boolean(budget.error)}
              aria-describedby={describedBy("settings-budget", budget.error, true)}
              {...register("monthlyBudget")}
            />
          </FormField>
          {formState.errors.root && (
            <p role="alert" className="text-sm text-destructive sm:col-span-2">
              {formState.errors.root.message}
            </p>
          )}
        </CardContent>
        <CardFooter className="justify-end border-t pt-6">
          <Button type="submit" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? "Saving…" : "Save changes"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
