"use client";

import { useMutation } from "convex/react";
import { MailIcon, RotateCwIcon, XIcon } from "lucide-react";
import { useState } from "react";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { IdentityMode } from "@/lib/server/auth/types";
import { useTenant } from "@/components/tenant/tenant-context";
import { attempt } from "../../shared/errors";
import { formatDate } from "@/lib/domain/format";
import { InviteLink } from "./invite-link";
import { sendOrganizationInvitation } from "./actions";

type Invitation = FunctionReturnType<typeof api.portal.invitations.invites.pending>[number];

/** Invitations not yet accepted: resend (new link, new 7 days) or revoke. */
export function PendingInvitations({ mode, rows }: { mode: IdentityMode; rows: Invitation[] }) {
  const { slug } = useTenant();
  const resend = useMutation(api.portal.invitations.invites.resend);
  const revoke = useMutation(api.portal.invitations.invites.revoke);
  const [link, setLink] = useState<{ token: string; email: string } | null>(null);

  return (
    <Card>
      <CardHeader>
        <CardTitle>Pending invitations</CardTitle>
        <CardDescription>{rows.length === 0 ? "Nobody is waiting to join." : `${rows.length} waiting to be accepted`}</CardDescription>
      </CardHeader>
      {(rows.length > 0 || link) && (
        <CardContent className="grid gap-4">
          {link && <InviteLink token={link.token} email={link.email} />}
          <ul className="min-w-0 divide-y rounded-lg border">
            {rows.map((i) => (
              <li key={i._id} className="flex flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3" data-testid="pending-invitation">
                <MailIcon className="hidden size-4 text-muted-foreground sm:block" aria-hidden="true" />
                {/* On a phone the details take the whole first line and the badges and actions wrap under them. */}
                <div className="min-w-0 flex-1 basis-full sm:basis-0">
                  <p className="truncate text-sm font-medium">{i.name ? `${i.name} · ${i.email}` : i.email}</p>
                  <p className="text-xs text-muted-foreground">
                    Invited {formatDate(i.createdAt)} · {i.expired ? "expired" : `expires ${formatDate(i.expiresAt)}`}
                  </p>
                </div>
                <div className="flex flex-wrap items-center gap-2 sm:contents">
                  <Badge variant="secondary" className="capitalize">
                    {i.role}
                  </Badge>
                  {i.expired && <Badge variant="warning">Expired</Badge>}
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Resend invitation to ${i.email}`}
                    onClick={async () => {
                      const result = await attempt(() => resend({ slug, invitationId: i._id }), `Sent a new link to ${i.email}`);
                      if (!result.ok) return;
                      if (mode === "local") setLink({ token: result.value.token, email: i.email });
                      else await sendOrganizationInvitation(slug, i.email, i.role);
                    }}
                  >
                    <RotateCwIcon /> Resend
                  </Button>
                  <Button
                    variant="ghost"
                    size="sm"
                    className="text-destructive hover:text-destructive"
                    aria-label={`Revoke invitation to ${i.email}`}
                    onClick={() => {
                      if (link?.email === i.email) setLink(null);
                      void attempt(() => revoke({ slug, invitationId: i._id }), `Revoked the invitation to ${i.email}`);
                    }}
                  >
                    <XIcon /> Revoke
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        </CardContent>
      )}
    </Card>
  );
}
