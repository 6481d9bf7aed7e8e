"use client";

import { CheckIcon, CopyIcon, TriangleAlertIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/** The freshly created key with a copy button and a first call to try it with. */
export function NewKey({ value, name }: { value: string; name: string }) {
  const [copied, setCopied] = useState(false);
  const curl = `curl -H "Authorization: Bearer ${value}" ${window.location.origin}/api/v1/quota`;
  return (
    <div className="grid gap-3">
      <div className="flex gap-2">
        <Input
          readOnly
          value={value}
          aria-label={`API key ${name}`}
          onFocus={(e) => e.currentTarget.select()}
          className="font-mono text-xs"
          data-testid="new-api-key"
        />
        <Button type="button" variant="outline" onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true))}>
          {copied ? <CheckIcon /> : <CopyIcon />} {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="flex items-start gap-2 text-xs text-muted-foreground">
        <TriangleAlertIcon className="mt-0.5 size-3.5 shrink-0 text-amber-500" aria-hidden="true" />
        Only a fingerprint of the key is stored: if you lose it, revoke it and create a new one.
      </p>
      <pre className="overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs">{curl}</pre>
    </div>
  );
}
