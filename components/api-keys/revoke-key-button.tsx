"use client";

import { useMutation } from "convex/react";
import { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { attempt } from "@/components/shared/errors";
import { useTenant } from "@/components/tenant/tenant-context";

/** Revoking asks first: runtimes using the key are refused from their next call. */
export function RevokeKeyButton({ keyId, name }: { keyId: string; name: string }) {
  const { slug } = useTenant();
  const revoke = useMutation(api.portal.apiKeys.revoke);
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="sm" className="text-destructive">
          Revoke<span className="sr-only"> {name}</span>
        </Button>
      }
      title={`Revoke ${name}?`}
      description="Every runtime using this key gets 401 from its next call. This cannot be undone; create a new key to replace it."
      confirmLabel="Revoke key"
      onConfirm={() => attempt(() => revoke({ slug, keyId }), `Revoked ${name}`)}
    />
  );
}
