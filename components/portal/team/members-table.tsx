"use client";

import { useMutation } from "convex/react";
import { LogOutIcon, UserMinusIcon } from "lucide-react";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { mayManage } from "@/lib/domain/permissions";
import { useTenant } from "@/components/tenant/tenant-context";
import { attempt } from "../../shared/errors";
import { formatDate } from "@/lib/domain/format";
import { RoleSelect } from "./role-select";

// Rendered only while asking: Radix's alert dialog and focus scope are fetched then, not with the page.
const ConfirmDialog = dynamic(() => import("@/components/ui/confirm-dialog").then((m) => m.ConfirmDialog), { ssr: false });

type Member = FunctionReturnType<typeof api.portal.team.members>[number];
type Confirm = { kind: "remove"; member: Member } | { kind: "leave" };

/**
 * Members and roles. Managers change roles inline and remove people; everyone can
 * leave. The last owner is protected by the server; the UI explains instead of offering.
 */
export function MembersTable({ members, canManage }: { members: Member[]; canManage: boolean }) {
  const { slug, role: actorRole } = useTenant();
  const changeRole = useMutation(api.portal.team.changeRole);
  const remove = useMutation(api.portal.team.remove);
  const leave = useMutation(api.portal.team.leave);
  const router = useRouter();
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const owners = members.filter((m) => m.role === "owner").length;
  const mayTouch = (m: Member) => canManage && !m.isYou && mayManage(actorRole, m.role);
  const lastOwner = (m: Member) => m.role === "owner" && owners < 2;

  return (
    <>
      <Table stickyFirstColumn>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Member</TableHead>
            <TableHead>Role</TableHead>
            <TableHead className="hidden md:table-cell">Joined</TableHead>
            <TableHead className="w-32">
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {members.map((m) => (
            <TableRow key={m._id}>
              <TableCell>
                <div className="flex items-center gap-3">
                  <span
                    className="flex size-8 shrink-0 items-center justify-center rounded-full bg-primary/10 text-xs font-semibold text-primary"
                    aria-hidden="true"
                  >
                    {m.name.charAt(0).toUpperCase()}
                  </span>
                  <div className="min-w-0">
                    <p className="truncate font-medium">
                      {m.name} {m.isYou && <Badge variant="secondary">You</Badge>}
                    </p>
                    <p className="truncate text-xs text-muted-foreground">{m.email}</p>
                  </div>
                </div>
              </TableCell>
              <TableCell>
                {mayTouch(m) && !lastOwner(m) ? (
                  <RoleSelect
                    value={m.role}
                    actorRole={actorRole}
                    label={`Role of ${m.name}`}
                    onChange={(role) =>
                      void attempt(
                        () => changeRole({ slug, membershipId: m._id, role }),
                        `${m.name} is now ${role === "admin" ? "an" : "a"} ${role}`,
                      )
                    }
                  />
                ) : (
                  <Badge
                    variant={m.role === "owner" ? "default" : "secondary"}
                    className="capitalize"
                    title={lastOwner(m) ? "The only owner: make someone else an owner first" : undefined}
                  >
                    {m.role}
                  </Badge>
                )}
              </TableCell>
              <TableCell className="hidden text-muted-foreground md:table-cell">{formatDate(m.joinedAt)}</TableCell>
              <TableCell className="text-right">
                {m.isYou ? (
                  <Button
                    variant="ghost"
                    size="sm"
                    disabled={lastOwner(m)}
                    title={lastOwner(m) ? "You are the only owner: make someone else an owner first" : undefined}
                    onClick={() => setConfirm({ kind: "leave" })}
                  >
                    <LogOutIcon /> Leave
                  </Button>
                ) : mayTouch(m) && !lastOwner(m) ? (
                  <Button
                    variant="ghost"
                    size="sm"
                    className="text-destructive hover:text-destructive"
                    aria-label={`Remove ${m.name}`}
                    onClick={() => setConfirm({ kind: "remove", member: m })}
                  >
                    <UserMinusIcon /> Remove
                  </Button>
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {confirm && (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setConfirm(null)}
          title={confirm.kind === "leave" ? "Leave this workspace?" : `Remove ${confirm.member.name}?`}
          description={
            confirm.kind === "leave"
              ? "You lose access at once. An admin can invite you again."
              : "They lose access at once. You can invite them again later."
          }
          confirmLabel={confirm.kind === "leave" ? "Leave" : "Remove"}
          onConfirm={async () => {
            if (confirm.kind === "remove")
              await attempt(() => remove({ slug, membershipId: confirm.member._id }), `Removed ${confirm.member.name}`);
            if (confirm.kind === "leave") {
              const result = await attempt(() => leave({ slug }), "You left the workspace");
              if (result.ok) router.push("/");
            }
            setConfirm(null);
          }}
        />
      )}
    </>
  );
}
