"use client";

import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
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
  return (
    <Select value={value} onValueChange={(v) => onChange(v as Role)} disabled={disabled}>
      <SelectTrigger id={id} aria-label={label} aria-invalid={invalid} className="w-full sm:w-40">
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {ROLES.filter((r) => mayManage(actorRole, r) || value === r).map((r) => (
          <SelectItem key={r} value={r} disabled={!mayManage(actorRole, r)}>
            {LABEL[r]}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
