"use client";

import { BotIcon, LayoutTemplateIcon, SkipForwardIcon } from "lucide-react";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { MODELS, PLANS, type ModelId, type PlanId } from "@/lib/domain/plans";
import { cn } from "@/lib/utils";
import { describedBy, FormField } from "../../shared/form-field";

export type Start = { kind: "agent"; name: string; model: ModelId } | { kind: "template" } | { kind: "empty" };

const CHOICES = [
  { kind: "agent", icon: BotIcon, title: "Create your first agent", text: "Name it and pick a model." },
  {
    kind: "template",
    icon: LayoutTemplateIcon,
    title: "Start from a template",
    text: "Customer support: three configured agents and 50 sample conversations.",
  },
  { kind: "empty", icon: SkipForwardIcon, title: "Skip for now", text: "Start with an empty workspace." },
] as const;

/** How the new workspace starts: a first agent, the customer-support template, or nothing. */
export function StartStep({
  plan,
  value,
  onChange,
  errors,
}: {
  plan: PlanId;
  value: Start;
  onChange(start: Start): void;
  errors: Record<string, string>;
}) {
  const models = PLANS[plan].models;
  const agent = value.kind === "agent" ? value : { kind: "agent" as const, name: "", model: models[0] };
  return (
    <div className="grid gap-4">
      <fieldset className="grid gap-3 md:grid-cols-3">
        <legend className="sr-only">How to start</legend>
        {CHOICES.map(({ kind, icon: Icon, title, text }) => (
          <label
            key={kind}
            className={cn(
              "flex cursor-pointer flex-col gap-2 rounded-xl border bg-card p-4 transition-colors has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/40",
              value.kind === kind ? "border-primary ring-1 ring-primary" : "hover:border-primary/40",
            )}
          >
            <input
              type="radio"
              name="start"
              className="sr-only"
              checked={value.kind === kind}
              onChange={() => onChange(kind === "agent" ? agent : { kind })}
            />
            <Icon className="size-5 text-primary" aria-hidden="true" />
            <span className="font-medium">{title}</span>
            <span className="text-xs text-muted-foreground">{text}</span>
          </label>
        ))}
      </fieldset>
      {value.kind === "agent" && (
        <div className="grid gap-4 rounded-xl border bg-muted/30 p-4 sm:grid-cols-2">
          <FormField id="new-agent-name" label="Agent name" error={errors.agentName}>
            <Input
              id="new-agent-name"
              value={value.name}
              onChange={(e) => onChange({ ...value, name: e.target.value })}
              placeholder="Customer Support"
              maxLength={80}
              aria-invalid={Boolean(errors.agentName)}
              aria-describedby={describedBy("new-agent-name", errors.agentName)}
            />
          </FormField>
          <FormField id="new-agent-model" label="Model" error={errors.agentModel}>
            <Select
              value={models.includes(value.model) ? value.model : models[0]}
              onValueChange={(m) => onChange({ ...value, model: m as ModelId })}
            >
              <SelectTrigger id="new-agent-model" aria-invalid={Boolean(errors.agentModel)}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {models.map((m) => (
                  <SelectItem key={m} value={m}>
                    {MODELS[m].label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </FormField>
        </div>
      )}
    </div>
  );
}
