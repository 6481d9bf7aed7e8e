"use client";

import { useMutation } from "convex/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { useTenant } from "@/components/tenant/tenant-context";
import { slugProblem } from "@/lib/domain/validation";
import { attempt } from "../../shared/errors";
import { syncOrganization } from "./actions";
import { describedBy, FormField } from "../../shared/form-field";

/** The workspace's URL name. The old URL keeps redirecting members, and stays reserved for this workspace. */
export function SlugForm() {
  const { slug } = useTenant();
  const changeSlug = useMutation(api.portal.settings.changeSlug);
  const router = useRouter();
  const [value, setValue] = useState(slug);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const next = value.trim();
    const problem = next === slug ? "That is already this workspace's URL name." : slugProblem(next);
    if (problem) return setError(problem);
    setError(null);
    setSaving(true);
    const result = await attempt(() => changeSlug({ slug, newSlug: next }), `The workspace now lives at /t/${next}`);
    setSaving(false);
    if (!result.ok) return setError(result.error.message);
    await syncOrganization(result.value.slug, slug);
    router.replace(`/t/${result.value.slug}/settings`);
  }

  return (
    <Card>
      <form onSubmit={submit} noValidate className="contents">
        <CardHeader>
          <CardTitle>URL</CardTitle>
          <CardDescription>Links to the old URL keep working for members after a change.</CardDescription>
        </CardHeader>
        <CardContent>
          <FormField
            id="settings-slug"
            label="URL name"
            error={error}
            hint="Lower-case letters, digits and single hyphens; 3 to 40 characters."
          >
            <div className="flex items-center rounded-md border border-input bg-muted/50 pl-3 text-sm text-muted-foreground focus-within:ring-[3px] focus-within:ring-ring/30">
              <span aria-hidden="true">/t/</span>
              <Input
                id="settings-slug"
                value={value}
                onChange={(e) => setValue(e.target.value.toLowerCase())}
                maxLength={40}
                className="border-0 text-foreground shadow-none focus-visible:ring-0"
                aria-invalid={Boolean(error)}
                aria-describedby={describedBy("settings-slug", error, true)}
              />
            </div>
          </FormField>
        </CardContent>
        <CardFooter className="justify-end border-t pt-6">
          <Button type="submit" disabled={saving || value.trim() === slug}>
            {saving ? "Changing…" : "Change URL"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
