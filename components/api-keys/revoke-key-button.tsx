"use client";

import { useMutation } from "convex/react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import { attempt } from "@/components/shared/errors";
import { useTenant } from "@/components/tenant/tenant-context";

// Rendered only once opened: Radix's alert dialog and focus scope are fetched then, not with every row.
const ConfirmDialog = dynamic(() => import("@/components/ui/confirm-dialog").then((m) => m.ConfirmDialog), { ssr: false });

/** Revoking asks first: runtimes using the key are refused from their next call. */
export function RevokeKeyButton({ keyId, name }: { keyId: string; name: string }) {
  const { slug } = useTenant();
  const revoke = useMutation(api.portal.apiKeys.revoke);
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button variant="ghost" size="sm" className="text-destructive" onClick={() => setAsking(true)}>
        Revoke<span className="sr-only"> {name}</span>
      </Button>
      {asking && (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setAsking(false)}
          title={`Revoke ${name}?`}
          description="Every runtime using this key gets 401 from its next call. This cannot be undone; create a new key to replace it."
          confirmLabel="Revoke key"
          onConfirm={() => attempt(() => revoke({ slug, keyId }), `Revoked ${name}`)}
        />
      )}
    </>
  );
}
