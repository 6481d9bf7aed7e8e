"use client";

import { CheckIcon, CopyIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/** Local mode sends no email: the inviter copies the link and passes it on. */
export function InviteLink({ token, email }: { token: string; email: string }) {
  const [copied, setCopied] = useState(false);
  const url = `${window.location.origin}/invite/${token}`;
  return (
    <div className="grid gap-2 rounded-lg border bg-muted/40 p-3">
      <p className="text-sm">
        Send this link to <strong>{email}</strong>. It works once, for that email, for 7 days.
      </p>
      <div className="flex gap-2">
        <Input
          readOnly
          value={url}
          aria-label={`Invitation link for ${email}`}
          onFocus={(e) => e.currentTarget.select()}
          className="font-mono text-xs"
        />
        <Button
          type="button"
          variant="outline"
          onClick={() => {
            void navigator.clipboard?.writeText(url).then(() => setCopied(true));
          }}
        >
          {copied ? <CheckIcon /> : <CopyIcon />} {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}
