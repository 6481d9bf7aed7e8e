"use client";

import { ArrowRightIcon, LoaderCircleIcon } from "lucide-react";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { signInWithEmail, type SignInState } from "@/lib/server/auth/actions";
import { DemoUserList, type DemoUserItem } from "./demo-user-list";

/**
 * Local identity sign-in: any email works (a new one becomes a user with no tenant), or
 * one click on a demo user. Plain form + server action, so it works before hydration too.
 */
export function LocalSignInForm({ redirectTo, demoUsers }: { redirectTo: string; demoUsers: DemoUserItem[] }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInWithEmail, { error: null, email: "" });
  return (
    <div className="w-full max-w-lg space-y-8">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Sign in to Tenantry</h1>
        <p className="text-sm text-muted-foreground">Local identity provider: enter any email, or pick one of the demo users below.</p>
      </div>

      <form action={action} className="space-y-6">
        <input type="hidden" name="redirect_url" value={redirectTo} />
        <div className="space-y-2">
          <Label htmlFor="email">Email</Label>
          <div className="flex gap-2">
            <Input
              id="email"
              name="email"
              type="email"
              required
              autoComplete="email"
              placeholder="you@company.test"
              defaultValue={state.email}
              aria-invalid={state.error ? true : undefined}
              aria-describedby={state.error ? "email-error" : undefined}
            />
            <Button type="submit" disabled={pending}>
              {pending ? <LoaderCircleIcon className="animate-spin" /> : <ArrowRightIcon />}
              Continue
            </Button>
          </div>
          {state.error && (
            <p id="email-error" className="text-sm text-destructive">
              {state.error}
            </p>
          )}
        </div>

        <div className="flex items-center gap-3 text-xs text-muted-foreground uppercase">
          <span className="h-px flex-1 bg-border" />
          Demo users
          <span className="h-px flex-1 bg-border" />
        </div>

        <DemoUserList users={demoUsers} disabled={pending} />
      </form>
    </div>
  );
}
