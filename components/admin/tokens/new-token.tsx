"use client";

import { CheckIcon, CopyIcon, TriangleAlertIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/** The freshly made token with a copy button and how the CLI uses it. */
export function NewToken({ value, name }: { value: string; name: string }) {
  const [copied, setCopied] = useState(false);
  const usage = `export TENANTRY_URL=${window.location.origin}\nexport TENANTRY_TOKEN=${value}\nnpx tenantry tenant list`;
  return (
    <div className="grid gap-3">
      <div className="flex gap-2">
        <Input
          readOnly
          value={value}
          aria-label={`Platform token ${name}`}
          onFocus={(e) => e.currentTarget.select()}
          className="font-mono text-xs"
          data-testid="new-platform-token"
        />
        <Button type="button" variant="outline" onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true))}>
          {copied ? <CheckIcon /> : <CopyIcon />} {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="flex items-start gap-2 text-xs text-muted-foreground">
        <TriangleAlertIcon className="mt-0.5 size-3.5 shrink-0 text-amber-500" aria-hidden="true" />
        Only a fingerprint of the token is stored: if you lose it, revoke it and make a new one.
      </p>
      <pre className="overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs">{usage}</pre>
    </div>
  );
}
