"use client";

import { useMutation } from "convex/react";
import { TriangleAlertIcon } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { MODELS, type ModelId } from "@/lib/domain/plans";
import { useTenant } from "@/components/tenant/tenant-context";
import { attempt, type CallError } from "../../shared/errors";
import { describedBy, FormField } from "../../shared/form-field";
import { fieldState, showServerError, useAppForm } from "../../shared/use-app-form";
import type { AgentRow } from "./agent-row";

type Props = {
  open: boolean;
  onOpenChange(open: boolean): void;
  /** null creates a new agent. */
  agent: AgentRow | null;
  models: readonly ModelId[];
  departments: { _id: string; name: string }[];
  canBill: boolean;
};

const NONE = "none";
// Loaded on first blur or submit (see SchemaLoader).
const loadSchema = () => import("@/lib/domain/forms/schemas").then((m) => m.agentFormSchema);

/** Create or edit an agent: name, a model the plan includes, an optional department. */
export function AgentDialog({ open, onOpenChange, agent, models, departments, canBill }: Props) {
  const { slug } = useTenant();
  const create = useMutation(api.portal.agents.create);
  const update = useMutation(api.portal.agents.update);
  const form = useAppForm(loadSchema, {
    defaultValues: { name: agent?.name ?? "", model: agent?.model ?? models[0] ?? "", departmentId: agent?.departmentId ?? NONE },
  });
  const { register, handleSubmit, formState } = form;
  const modelField = form.field("model");
  const deptField = form.field("departmentId");
  const [quota, setQuota] = useState<CallError | null>(null);
  // An agent kept on a model from an older plan still shows it (saving then says why not).
  const options = agent && !models.includes(agent.model) ? [agent.model, ...models] : models;
  const name = fieldState(form, "name");
  const model = fieldState(form, "model");
  const dept = fieldState(form, "departmentId");

  const submit = handleSubmit(async (values) => {
    setQuota(null);
    const departmentId = values.departmentId === NONE ? null : (values.departmentId as Id<"departments">);
    const chosen = values.model as ModelId;
    const result = agent
      ? await attempt(
          () => update({ slug, agentId: agent._id, name: values.name, model: chosen, departmentId }),
          `Saved ${values.name.trim()}`,
        )
      : await attempt(
          () => create({ slug, name: values.name, model: chosen, ...(departmentId ? { departmentId } : {}) }),
          `Created ${values.name.trim()}`,
        );
    if (result.ok) return onOpenChange(false);
    if (result.error.code === "QUOTA_EXCEEDED") setQuota(result.error);
    else showServerError(form, result.error);
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-5" noValidate>
          <DialogHeader>
            <DialogTitle>{agent ? `Edit ${agent.name}` : "New agent"}</DialogTitle>
            <DialogDescription>Models are limited to what your plan includes.</DialogDescription>
          </DialogHeader>
          {quota && (
            <Alert variant="destructive">
              <TriangleAlertIcon />
              <AlertTitle>{quota.message}</AlertTitle>
              <AlertDescription>
                {canBill ? <Link href={`/t/${slug}/billing`}>Upgrade your plan</Link> : "Ask an owner or admin to upgrade the plan."} to add
                more agents.
              </AlertDescription>
            </Alert>
          )}
          <FormField id="agent-name" label="Name" error={name.error}>
            <Input
              id="agent-name"
              maxLength={80}
              autoFocus
              aria-invalid={Boolean(name.error)}
              aria-describedby={describedBy("agent-name", name.error)}
              placeholder="Customer Support"
              {...register("name")}
            />
          </FormField>
          <FormField id="agent-model" label="Model" error={model.error}>
            <Select value={modelField.value} onValueChange={modelField.onChange}>
              <SelectTrigger
                id="agent-model"
                ref={modelField.ref}
                aria-invalid={Boolean(model.error)}
                aria-describedby={describedBy("agent-model", model.error)}
              >
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {options.map((id) => (
                  <SelectItem key={id} value={id}>
                    {MODELS[id].label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </FormField>
          <FormField id="agent-department" label="Department" error={dept.error} hint="Costs are reported per department.">
            <Select value={deptField.value} onValueChange={deptField.onChange}>
              <SelectTrigger
                id="agent-department"
                ref={deptField.ref}
                aria-invalid={Boolean(dept.error)}
                aria-describedby={describedBy("agent-department", dept.error, true)}
              >
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={NONE}>No department</SelectItem>
                {departments.map((d) => (
                  <SelectItem key={d._id} value={d._id}>
                    {d.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </FormField>
          {formState.errors.root && (
            <p role="alert" className="text-sm text-destructive">
              {formState.errors.root.message}
            </p>
          )}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={formState.isSubmitting}>
              {formState.isSubmitting ? "Saving…" : agent ? "Save changes" : "Create agent"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
