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
import { agentNameProblem } from "@/lib/domain/validation";
import { useTenant } from "@/components/tenant/tenant-context";
import { attempt, type CallError } from "../../shared/errors";
import { describedBy, FormField } from "../../shared/form-field";
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

/** Create or edit an agent: name, a model the plan includes, an optional department. */
export function AgentDialog({ open, onOpenChange, agent, models, departments, canBill }: Props) {
  const { slug } = useTenant();
  const create = useMutation(api.portal.agents.create);
  const update = useMutation(api.portal.agents.update);
  const [name, setName] = useState(agent?.name ?? "");
  const [model, setModel] = useState<ModelId>(agent?.model ?? models[0]);
  const [dept, setDept] = useState<string>(agent?.departmentId ?? NONE);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [quota, setQuota] = useState<CallError | null>(null);
  const [saving, setSaving] = useState(false);
  // An agent kept on a model from an older plan still shows it (saving then says why not).
  const options = agent && !models.includes(agent.model) ? [agent.model, ...models] : models;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const problem = agentNameProblem(name);
    if (problem) return setErrors({ name: problem });
    setErrors({});
    setQuota(null);
    setSaving(true);
    const departmentId = dept === NONE ? null : (dept as Id<"departments">);
    const result = agent
      ? await attempt(() => update({ slug, agentId: agent._id, name, model, departmentId }), `Saved ${name.trim()}`)
      : await attempt(() => create({ slug, name, model, ...(departmentId ? { departmentId } : {}) }), `Created ${name.trim()}`);
    setSaving(false);
    if (result.ok) return onOpenChange(false);
    if (result.error.code === "QUOTA_EXCEEDED") setQuota(result.error);
    else setErrors({ [result.error.field ?? "form"]: result.error.message });
  }

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
          <FormField id="agent-name" label="Name" error={errors.name}>
            <Input
              id="agent-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={80}
              autoFocus
              aria-invalid={Boolean(errors.name)}
              aria-describedby={describedBy("agent-name", errors.name)}
              placeholder="Customer Support"
            />
          </FormField>
          <FormField id="agent-model" label="Model" error={errors.model}>
            <Select value={model} onValueChange={(v) => setModel(v as ModelId)}>
              <SelectTrigger
                id="agent-model"
                aria-invalid={Boolean(errors.model)}
                aria-describedby={describedBy("agent-model", errors.model)}
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
          <FormField id="agent-department" label="Department" error={errors.departmentId} hint="Costs are reported per department.">
            <Select value={dept} onValueChange={setDept}>
              <SelectTrigger
                id="agent-department"
                aria-invalid={Boolean(errors.departmentId)}
                aria-describedby={describedBy("agent-department", errors.departmentId, true)}
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
          {errors.form && <p className="text-sm text-destructive">{errors.form}</p>}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={saving}>
              {saving ? "Saving…" : agent ? "Save changes" : "Create agent"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
