"use client";

import { useQuery } from "convex/react";
import { CheckCircle2Icon, LoaderIcon, XCircleIcon } from "lucide-react";
import { useEffect, useState } from "react";
import { api } from "@/convex/_generated/api";
import { Input } from "@/components/ui/input";
import { slugProblem } from "@/lib/domain/validation";

/** "acme corp!" -> "acme-corp": a URL name suggested from the workspace name. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
}

/** The URL name with a live availability check (format here, uniqueness from Convex after a pause). */
export function SlugField({ value, onChange, serverError }: { value: string; onChange(slug: string): void; serverError?: string }) {
  const [checked, setChecked] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setChecked(value), 250);
    return () => clearTimeout(timer);
  }, [value]);
  const local = value ? slugProblem(value) : null;
  const remote = useQuery(api.portal.onboarding.slugAvailable, !local && checked === value && value ? { slug: value } : "skip");
  const status = !value
    ? null
    : local
      ? { ok: false, text: local }
      : remote === undefined
        ? null
        : remote.available
          ? { ok: true, text: `/t/${value} is available` }
          : { ok: false, text: remote.reason ?? "Not available" };
  const message = serverError ?? (status && !status.ok ? status.text : null);
  return (
    <div className="grid gap-2">
      <div className="flex items-center rounded-md border border-input bg-muted/50 pl-3 text-sm text-muted-foreground focus-within:ring-[3px] focus-within:ring-ring/30">
        <span aria-hidden="true">/t/</span>
        <Input
          id="new-slug"
          value={value}
          onChange={(e) => onChange(e.target.value.toLowerCase())}
          maxLength={40}
          className="border-0 text-foreground shadow-none focus-visible:ring-0"
          aria-invalid={Boolean(message)}
          aria-describedby="new-slug-status"
        />
      </div>
      <p
        id="new-slug-status"
        aria-live="polite"
        className={`flex items-center gap-1.5 text-xs ${message ? "font-medium text-destructive" : status?.ok ? "text-[color-mix(in_oklab,var(--success)_65%,var(--foreground))]" : "text-muted-foreground"}`}
      >
        {message ? (
          <XCircleIcon className="size-3.5" />
        ) : status?.ok ? (
          <CheckCircle2Icon className="size-3.5" />
        ) : value ? (
          <LoaderIcon className="size-3.5 animate-spin" />
        ) : null}
        {message ?? (status?.ok ? status.text : value ? "Checking availability…" : "Lower-case letters, digits and hyphens.")}
      </p>
    </div>
  );
}

/** Whether the wizard may move on: the same verdict the field shows. */
export function useSlugVerdict(slug: string): "ok" | "bad" | "checking" {
  const local = slug ? slugProblem(slug) : "empty";
  const remote = useQuery(api.portal.onboarding.slugAvailable, local ? "skip" : { slug });
  if (local) return "bad";
  return remote === undefined ? "checking" : remote.available ? "ok" : "bad";
}
