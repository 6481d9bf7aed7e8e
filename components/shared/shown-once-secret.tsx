"use client";

import { CheckIcon, CopyIcon, TriangleAlertIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

type Props = {
  value: string;
  /** The field's accessible name ("API key Deploy bot"). */
  label: string;
  /** What the secret is, for the warning ("key", "token"). */
  noun: string;
  /** A first use to copy (a curl call, the CLI's environment), built in the browser from its origin. */
  example: (origin: string) => string;
  testId: string;
};

/**
 * A secret shown once, right after it was made (API keys, platform tokens): selectable,
 * with a copy button, the warning that only its fingerprint is kept, and how to use it.
 */
export function ShownOnceSecret({ value, label, noun, example, testId }: Props) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="grid gap-3">
      <div className="flex gap-2">
        <Input
          readOnly
          value={value}
          aria-label={label}
          onFocus={(e) => e.currentTarget.select()}
          className="font-mono text-xs"
          data-testid={testId}
        />
        <Button type="button" variant="outline" onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true))}>
          {copied ? <CheckIcon /> : <CopyIcon />} {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="flex items-start gap-2 text-xs text-muted-foreground">
        <TriangleAlertIcon className="mt-0.5 size-3.5 shrink-0 text-amber-500" aria-hidden="true" />
        Only a fingerprint of the {noun} is stored: if you lose it, revoke it and make a new one.
      </p>
      <pre className="overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs">{example(window.location.origin)}</pre>
    </div>
  );
}
