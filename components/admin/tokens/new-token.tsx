"use client";

import { ShownOnceSecret } from "@/components/shared/shown-once-secret";

/** The freshly made token, shown once, and how the CLI uses it. */
export function NewToken({ value, name }: { value: string; name: string }) {
  return (
    <ShownOnceSecret
      value={value}
      label={`Platform token ${name}`}
      noun="token"
      testId="new-platform-token"
      example={(origin) => `export TENANTRY_URL=${origin}\nexport TENANTRY_TOKEN=${value}\nnpx tenantry tenant list`}
    />
  );
}
