"use client";

import { DeferredSelect } from "@/components/ui/deferred-select";
import { mayManage, ROLES, type Role } from "@/lib/domain/permissions";

const LABEL: Record<Role, string> = { owner: "Owner", admin: "Admin", member: "Member", viewer: "Viewer" };

/** Roles the actor may hand out: only owners may make owners (the server checks it too). */
export function RoleSelect({
  id,
  value,
  onChange,
  actorRole,
  invalid,
  label,
  disabled,
}: {
  id?: string;
  value: Role;
  onChange(role: Role): void;
  actorRole: Role;
  invalid?: boolean;
  label?: string;
  disabled?: boolean;
}) {
  // Deferred: Radix's select code loads when a role list is first opened (deferred-select.tsx), not with the members table.
  return (
    <DeferredSelect
      value={value}
      onValueChange={(v) => onChange(v as Role)}
      options={ROLES.filter((r) => mayManage(actorRole, r) || value === r).map((r) => ({
        value: r,
        label: LABEL[r],
        disabled: !mayManage(actorRole, r),
      }))}
      disabled={disabled}
      id={id}
      aria-label={label}
      aria-invalid={invalid}
      className="w-full sm:w-40"
    />
  );
}
