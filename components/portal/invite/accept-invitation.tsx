"use client";

import { useMutation, usePreloadedQuery, type Preloaded } from "convex/react";
import { MailOpenIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from "@/components/ui/card";
import { attempt } from "../../shared/errors";

/** What an invitation link offers the signed-in user, and accepting it. */
export function AcceptInvitation({ token, preview }: { token: string; preview: Preloaded<typeof api.portal.invitations.links.preview> }) {
  const invitation = usePreloadedQuery(preview);
  const accept = useMutation(api.portal.invitations.links.accept);
  const router = useRouter();
  const [busy, setBusy] = useState(false);

  if (invitation.state === "invalid") {
    return (
      <Shell
        title="This invitation link does not work"
        description="It may have expired, been revoked or already been used. Ask whoever invited you for a new link."
      >
        <Button asChild variant="outline">
          <Link href="/">Go to your workspaces</Link>
        </Button>
      </Shell>
    );
  }
  if (invitation.state === "member") {
    return (
      <Shell title={`You are already in ${invitation.tenantName}`} description="This invitation has nothing more to do.">
        <Button asChild>
          <Link href={`/t/${invitation.slug}`}>Open {invitation.tenantName}</Link>
        </Button>
      </Shell>
    );
  }
  if (invitation.state === "wrong_user") {
    return (
      <Shell
        title={`This invitation is for ${invitation.email}`}
        description={`You are signed in as ${invitation.signedInAs}. Sign out and sign in with the invited email to join ${invitation.tenantName}.`}
      >
        <Button asChild variant="outline">
          <Link href="/">Go to your workspaces</Link>
        </Button>
      </Shell>
    );
  }
  return (
    <Shell
      title={`Join ${invitation.tenantName}`}
      description={`${invitation.inviterName} invited ${invitation.email} to join as ${invitation.role === "admin" ? "an" : "a"} ${invitation.role}.`}
    >
      <Button
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          const result = await attempt(() => accept({ token }), `Welcome to ${invitation.tenantName}`);
          if (result.ok) router.push(`/t/${result.value.slug}`);
          else setBusy(false);
        }}
      >
        {busy ? "Joining…" : "Accept invitation"}
      </Button>
      <Button asChild variant="ghost">
        <Link href="/">Not now</Link>
      </Button>
    </Shell>
  );
}

function Shell({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <Card className="mx-auto w-full max-w-md text-center">
      <CardHeader className="justify-items-center">
        <div className="mb-2 flex size-12 items-center justify-center rounded-full bg-primary/10 text-primary">
          <MailOpenIcon className="size-6" aria-hidden="true" />
        </div>
        <h1 className="text-xl leading-tight font-semibold">{title}</h1>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent />
      <CardFooter className="justify-center gap-2">{children}</CardFooter>
    </Card>
  );
}
