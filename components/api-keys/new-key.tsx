"use client";

import { ShownOnceSecret } from "@/components/shared/shown-once-secret";

/** The freshly created key, shown once, and a first call to try it with. */
export function NewKey({ value, name }: { value: string; name: string }) {
  return (
    <ShownOnceSecret
      value={value}
      label={`API key ${name}`}
      noun="key"
      testId="new-api-key"
      example={(origin) => `curl -H "Authorization: Bearer ${value}" ${origin}/api/v1/quota`}
    />
  );
}
