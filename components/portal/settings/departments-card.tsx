"use client";

import { useMutation } from "convex/react";
import { PencilIcon, PlusIcon, Trash2Icon } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { useTenant } from "@/components/tenant/tenant-context";
import { costCenterProblem, departmentNameProblem } from "@/lib/domain/validation";
import { attempt } from "../../shared/errors";
import { describedBy } from "../../shared/form-field";

// Rendered only while asking: Radix's alert dialog and focus scope are fetched then, not with the page.
const ConfirmDialog = dynamic(() => import("@/components/ui/confirm-dialog").then((m) => m.ConfirmDialog), { ssr: false });

type Department = FunctionReturnType<typeof api.portal.departments.list>[number];
type Editing = { id: Id<"departments"> | null; name: string; costCenter: string };

/** Departments and cost centers: agents are tagged with one, and Usage breaks costs down by them. */
export function DepartmentsCard({ departments }: { departments: Department[] }) {
  const { slug } = useTenant();
  const create = useMutation(api.portal.departments.create);
  const update = useMutation(api.portal.departments.update);
  const remove = useMutation(api.portal.departments.remove);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [removing, setRemoving] = useState<Department | null>(null);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (!editing) return;
    const found: Record<string, string> = {};
    const nameProblem = departmentNameProblem(editing.name);
    const codeProblem = costCenterProblem(editing.costCenter);
    if (nameProblem) found.name = nameProblem;
    if (codeProblem) found.costCenter = codeProblem;
    setErrors(found);
    if (Object.keys(found).length) return;
    const { id, name, costCenter } = editing;
    const result = id
      ? await attempt(() => update({ slug, departmentId: id, name, costCenter }), `Saved ${name.trim()}`)
      : await attempt(() => create({ slug, name, costCenter }), `Added ${name.trim()}`);
    if (result.ok) setEditing(null);
    else setErrors({ [result.error.field ?? "name"]: result.error.message });
  }

  const form = editing && (
    <form onSubmit={save} noValidate className="grid gap-3 rounded-lg border bg-muted/30 p-3 sm:grid-cols-[1fr_10rem_auto] sm:items-start">
      <div className="grid gap-1">
        <Input
          value={editing.name}
          onChange={(e) => setEditing({ ...editing, name: e.target.value })}
          placeholder="Department name"
          aria-label="Department name"
          autoFocus
          maxLength={60}
          aria-invalid={Boolean(errors.name)}
          aria-describedby={describedBy("dept-name", errors.name)}
        />
        {errors.name && (
          <p id="dept-name-error" className="text-xs font-medium text-destructive">
            {errors.name}
          </p>
        )}
      </div>
      <div className="grid gap-1">
        <Input
          value={editing.costCenter}
          onChange={(e) => setEditing({ ...editing, costCenter: e.target.value })}
          placeholder="CC-100"
          aria-label="Cost center"
          maxLength={20}
          aria-invalid={Boolean(errors.costCenter)}
          aria-describedby={describedBy("dept-cc", errors.costCenter)}
        />
        {errors.costCenter && (
          <p id="dept-cc-error" className="text-xs font-medium text-destructive">
            {errors.costCenter}
          </p>
        )}
      </div>
      <div className="flex gap-2">
        <Button type="submit" size="sm" className="h-9">
          Save
        </Button>
        <Button
          type="button"
          size="sm"
          variant="ghost"
          className="h-9"
          onClick={() => {
            setEditing(null);
            setErrors({});
          }}
        >
          Cancel
        </Button>
      </div>
    </form>
  );

  return (
    <Card>
      <CardHeader className="flex flex-wrap items-start justify-between gap-3">
        <div className="grid gap-1.5">
          <CardTitle>Departments and cost centers</CardTitle>
          <CardDescription>Tag agents with a department to see costs per cost center on the Usage page.</CardDescription>
        </div>
        <Button
          variant="outline"
          size="sm"
          onClick={() => {
            setErrors({});
            setEditing({ id: null, name: "", costCenter: "" });
          }}
          disabled={editing?.id === null}
        >
          <PlusIcon /> Add department
        </Button>
      </CardHeader>
      <CardContent className="grid gap-3">
        {editing?.id === null && form}
        {departments.length === 0 && !editing && <p className="text-sm text-muted-foreground">No departments yet.</p>}
        <ul className="divide-y rounded-lg border empty:hidden">
          {departments.map((d) =>
            editing?.id === d._id ? (
              <li key={d._id} className="p-2">
                {form}
              </li>
            ) : (
              <li key={d._id} className="flex items-center gap-3 px-4 py-2.5">
                <span className="min-w-0 flex-1 truncate text-sm font-medium">{d.name}</span>
                <span className="font-mono text-xs text-muted-foreground">{d.costCenter}</span>
                <span className="w-20 text-right text-xs text-muted-foreground">
                  {d.agents} {d.agents === 1 ? "agent" : "agents"}
                </span>
                <Button
                  variant="ghost"
                  size="icon"
                  className="size-8"
                  aria-label={`Edit ${d.name}`}
                  onClick={() => {
                    setErrors({});
                    setEditing({ id: d._id, name: d.name, costCenter: d.costCenter });
                  }}
                >
                  <PencilIcon />
                </Button>
                <Button
                  variant="ghost"
                  size="icon"
                  className="size-8 text-destructive hover:text-destructive"
                  aria-label={`Remove ${d.name}`}
                  onClick={() => setRemoving(d)}
                >
                  <Trash2Icon />
                </Button>
              </li>
            ),
          )}
        </ul>
      </CardContent>
      {removing && (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setRemoving(null)}
          title={`Remove ${removing.name}?`}
          description={`${removing.agents ? `Its ${removing.agents} ${removing.agents === 1 ? "agent loses" : "agents lose"} their department. ` : ""}Past usage keeps it and shows as a deleted department.`}
          confirmLabel="Remove department"
          onConfirm={() => {
            const d = removing;
            return attempt(
              () => remove({ slug, departmentId: d._id }),
              (r) => `Removed ${d.name}${r.untaggedAgents ? `; ${r.untaggedAgents} agents untagged` : ""}`,
            );
          }}
        />
      )}
    </Card>
  );
}
