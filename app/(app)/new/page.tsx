import type { Metadata } from "next";
import { OnboardingWizard } from "@/components/portal/onboarding/wizard";
import { identityMode, requireSession } from "@/lib/server/auth";
import { ensureUser } from "@/lib/server/portal/convex";

export const metadata: Metadata = { title: "Create a workspace" };

// GET /new: the onboarding wizard (name and URL, plan with a 14-day trial, first agent or template).
export default async function NewWorkspacePage() {
  const session = await requireSession();
  // A first-time visitor may land here directly; the wizard's Convex calls need their directory row.
  await ensureUser();
  return (
    <div className="space-y-8">
      <div className="mx-auto max-w-3xl space-y-1 text-center">
        <h1 className="text-2xl font-semibold tracking-tight">Create a workspace</h1>
        <p className="text-sm text-muted-foreground">A workspace holds your agents, team, usage and billing. It takes a minute.</p>
      </div>
      <OnboardingWizard email={session.email} mode={identityMode()} />
    </div>
  );
}
