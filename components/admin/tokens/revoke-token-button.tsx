"use client";

import { useMutation } from "convex/react";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { attempt } from "@/components/shared/errors";

/** Revoking asks first: the CLI or script using the token gets 401 from its next call. */
export function RevokeTokenButton({ tokenId, name }: { tokenId: Id<"platformTokens">; name: string }) {
  const revoke = useMutation(api.admin.tokens.revoke);
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" className="text-destructive">
          Revoke<span className="sr-only"> {name}</span>
        </Button>
      }
      title={`Revoke ${name}?`}
      description="Anything using this token gets 401 from its next call. This cannot be undone; make a new token to replace it."
      confirmLabel="Revoke token"
      onConfirm={() => attempt(() => revoke({ tokenId }), `Revoked ${name}`)}
    />
  );
}
