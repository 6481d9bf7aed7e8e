import type { Metadata } from "next";
import { AcceptInvitation } from "@/components/portal/invite/accept-invitation";
import { api } from "@/convex/_generated/api";
import { requireSession } from "@/lib/server/auth";
import { ensureUser, preload } from "@/lib/server/portal/convex";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

// GET /invite/[token]: accept an invitation (signed-out visitors come back here after sign-in).
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  await requireSession();
  const { token } = await params;
  await ensureUser();
  const preview = await preload(api.portal.invitations.links.preview, { token: token.slice(0, 200) });
  return <AcceptInvitation token={token} preview={preview} />;
}
