"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/use-toast";
import { CardFields, postCard } from "./card-fields";

/** The portal stand-in's payment-method form: a new card also retries failed invoices. */
export function PortalCardForm({ portalId }: { portalId: string }) {
  const router = useRouter();
  return (
    <CardFields
      submitLabel="Save card"
      onSubmit={async (card) => {
        const result = await postCard(`/checkout/portal/${portalId}/card`, card);
        if (result.ok) {
          toast({ title: "Card saved", description: "Open invoices were retried with it.", variant: "success" });
          router.refresh();
        }
        return { ...result, ...(result.ok ? { url: undefined } : {}) };
      }}
    />
  );
}

/** Cancel at the end of the period, or take that back. */
export function CancelToggle({
  portalId,
  subscriptionId,
  cancelAtPeriodEnd,
}: {
  portalId: string;
  subscriptionId: string;
  cancelAtPeriodEnd: boolean;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  async function toggle() {
    setPending(true);
    const result = await postCard(`/checkout/portal/${portalId}/subscription`, { subscriptionId, cancel: !cancelAtPeriodEnd });
    setPending(false);
    if (!result.ok) return toast({ title: "Not changed", description: result.message, variant: "destructive" });
    router.refresh();
  }
  return (
    <Button variant={cancelAtPeriodEnd ? "default" : "outline"} onClick={toggle} disabled={pending}>
      {cancelAtPeriodEnd ? "Don't cancel" : "Cancel at the end of the period"}
    </Button>
  );
}
