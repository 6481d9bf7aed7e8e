"use client";

import { useMutation } from "convex/react";
import { ArrowLeftIcon, ArrowRightIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardFooter, CardHeader, CardTitle, CardDescription } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import type { IdentityMode } from "@/lib/server/auth/types";
import { planAllowsModel, PLANS, type PlanId } from "@/lib/domain/plans";
import { agentNameProblem, emailProblem, tenantNameProblem } from "@/lib/domain/validation";
import { cn } from "@/lib/utils";
import { attempt } from "../../shared/errors";
import { describedBy, FormField } from "../../shared/form-field";
import { createOrganization } from "./actions";
import { PlanStep } from "./plan-step";
import { SlugField, slugify, useSlugVerdict } from "./slug-field";
import { StartStep, type Start } from "./start-step";

const STEPS = ["Workspace", "Plan", "Get started"] as const;
/** Which step shows each server field error, so a refusal lands where it can be fixed. */
const FIELD_STEP: Record<string, number> = { name: 0, slug: 0, billingEmail: 0, agentName: 2, agentModel: 2 };
/** The fields this wizard checks itself (the rest are the server's to judge). */
const CHECKED = new Set(["name", "billingEmail", "agentName"]);

/** A refused step moves focus to its first invalid field, once React has marked it. */
function focusFirstInvalid() {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus());
}

/** The /new wizard: workspace, plan, then how to start; one Convex transaction at the end. */
export function OnboardingWizard({ email, mode }: { email: string; mode: IdentityMode }) {
  const create = useMutation(api.portal.onboarding.create);
  const router = useRouter();
  const [step, setStep] = useState(0);
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [billingEmail, setBillingEmail] = useState(email);
  const [plan, setPlan] = useState<PlanId>("pro");
  const [start, setStart] = useState<Start>({ kind: "agent", name: "", model: PLANS.pro.models[0] });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const verdict = useSlugVerdict(slug);

  function check(at: number): Record<string, string> {
    const found: Record<string, string> = {};
    if (at === 0) {
      const n = tenantNameProblem(name);
      const e = emailProblem(billingEmail);
      if (n) found.name = n;
      if (e) found.billingEmail = e;
    }
    if (at === 2 && start.kind === "agent") {
      const a = agentNameProblem(start.name);
      if (a) found.agentName = a;
    }
    return found;
  }

  // The rule for every form (components/shared/use-app-form.ts): an error clears as soon as
  // its field is valid again. Only the fields checked here; a server error stays until resubmit.
  useEffect(() => {
    setErrors((shown) => {
      const now = check(step);
      const stale = Object.keys(shown).filter((k) => CHECKED.has(k) && !now[k]);
      return stale.length ? Object.fromEntries(Object.entries(shown).filter(([k]) => !stale.includes(k))) : shown;
    });
  }, [name, billingEmail, start, step]);

  async function next(event: React.FormEvent) {
    event.preventDefault();
    const found = check(step);
    setErrors(found);
    if (Object.keys(found).length) return focusFirstInvalid();
    if (step === 0 && verdict !== "ok") return;
    if (step < STEPS.length - 1) return setStep(step + 1);
    setBusy(true);
    const startArg =
      start.kind === "agent"
        ? { kind: "agent" as const, name: start.name, model: planAllowsModel(plan, start.model) ? start.model : PLANS[plan].models[0] }
        : start.kind === "template"
          ? { kind: "template" as const, template: "customer-support" as const }
          : { kind: "empty" as const };
    const result = await attempt(() => create({ name, slug, plan, billingEmail, start: startArg }), `${name.trim()} is ready`);
    if (!result.ok) {
      setBusy(false);
      const field = result.error.field ?? "form";
      setErrors({ [field]: result.error.message });
      if (field in FIELD_STEP) setStep(FIELD_STEP[field]);
      return focusFirstInvalid();
    }
    if (mode === "clerk") await createOrganization(result.value.slug);
    router.push(`/t/${result.value.slug}`);
  }

  return (
    <Card className="mx-auto w-full max-w-3xl">
      <form onSubmit={next} noValidate className="contents">
        <CardHeader className="gap-4">
          <ol className="flex items-center gap-2 text-sm" aria-label="Steps">
            {STEPS.map((label, i) => (
              <li key={label} aria-current={i === step ? "step" : undefined} className="flex items-center gap-2">
                <span
                  className={cn(
                    "flex size-6 items-center justify-center rounded-full text-xs font-semibold",
                    i < step
                      ? "bg-primary text-primary-foreground"
                      : i === step
                        ? "bg-primary/15 text-primary ring-1 ring-primary"
                        : "bg-muted text-muted-foreground",
                  )}
                >
                  {i + 1}
                </span>
                <span className={i === step ? "font-medium" : "text-muted-foreground"}>{label}</span>
                {i < STEPS.length - 1 && <span className="mx-1 h-px w-6 bg-border" aria-hidden="true" />}
              </li>
            ))}
          </ol>
          <div className="grid gap-1">
            <CardTitle className="text-xl">{["Name your workspace", "Choose a plan", "How do you want to start?"][step]}</CardTitle>
            <CardDescription>
              {
                [
                  "This is your organization on Tenantry; you become its owner.",
                  "You can change plans at any time.",
                  "You can add agents and invite your team afterwards.",
                ][step]
              }
            </CardDescription>
          </div>
        </CardHeader>
        <CardContent className="grid gap-5">
          {step === 0 && (
            <>
              <FormField id="new-name" label="Workspace name" error={errors.name}>
                <Input
                  id="new-name"
                  value={name}
                  autoFocus
                  maxLength={80}
                  placeholder="Acme Corporation"
                  aria-invalid={Boolean(errors.name)}
                  aria-describedby={describedBy("new-name", errors.name)}
                  onChange={(e) => {
                    setName(e.target.value);
                    if (!slugEdited) setSlug(slugify(e.target.value));
                  }}
                />
              </FormField>
              <FormField id="new-slug" label="URL">
                <SlugField
                  value={slug}
                  serverError={errors.slug}
                  onChange={(s) => {
                    setSlugEdited(true);
                    setSlug(s);
                    setErrors(({ slug: _, ...rest }) => rest);
                  }}
                />
              </FormField>
              <FormField
                id="new-billing-email"
                label="Billing email"
                error={errors.billingEmail}
                hint="Invoices and budget alerts go here."
              >
                <Input
                  id="new-billing-email"
                  type="email"
                  value={billingEmail}
                  onChange={(e) => setBillingEmail(e.target.value)}
                  aria-invalid={Boolean(errors.billingEmail)}
                  aria-describedby={describedBy("new-billing-email", errors.billingEmail, true)}
                />
              </FormField>
            </>
          )}
          {step === 1 && <PlanStep value={plan} onChange={setPlan} />}
          {step === 2 && <StartStep plan={plan} value={start} onChange={setStart} errors={errors} />}
          {errors.form && <p className="text-sm text-destructive">{errors.form}</p>}
        </CardContent>
        <CardFooter className="justify-between border-t pt-6">
          <Button type="button" variant="ghost" onClick={() => setStep(step - 1)} disabled={step === 0 || busy}>
            <ArrowLeftIcon /> Back
          </Button>
          <Button type="submit" disabled={busy || (step === 0 && verdict === "checking")}>
            {step < STEPS.length - 1 ? (
              <>
                Continue <ArrowRightIcon />
              </>
            ) : busy ? (
              "Creating…"
            ) : (
              "Create workspace"
            )}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
