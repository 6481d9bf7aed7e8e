import type { Metadata } from "next";
import { TokensClient } from "@/components/admin/tokens/tokens-client";
import { api } from "@/convex/_generated/api";
import { requireSession } from "@/lib/server/auth";
import { preload } from "@/lib/server/portal/convex";

export const metadata: Metadata = { title: "Platform tokens · Admin" };

// GET /admin/tokens: platform tokens for the admin API and the CLI (admins make and revoke; support sees them).
export default async function TokensPage() {
  const session = await requireSession();
  const tokens = await preload(api.admin.tokens.list, {});
  return <TokensClient tokens={tokens} admin={session.platformRole === "admin"} />;
}
