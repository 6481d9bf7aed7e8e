import type { Metadata } from "next";
import { RestoreList } from "@/components/portal/restore-list";
import { api } from "@/convex/_generated/api";
import { requireSession } from "@/lib/server/auth";
import { ensureUser, preload } from "@/lib/server/portal/convex";

export const metadata: Metadata = { title: "Restore a workspace" };

// GET /restore?slug=: an owner's deleted workspaces, when each is hard-deleted, and restore.
export default async function RestorePage({ searchParams }: { searchParams: Promise<{ slug?: string | string[] }> }) {
  await requireSession();
  await ensureUser();
  const slug = (await searchParams).slug;
  const preloaded = await preload(api.portal.lifecycle.deletedForMe, {});
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Deleted workspaces</h1>
        <p className="text-sm text-muted-foreground">
          Owners can restore a workspace they deleted, with all its data, until the date shown. One the platform removed is restored by
          platform support.
        </p>
      </div>
      <RestoreList preloaded={preloaded} highlight={typeof slug === "string" ? slug : null} />
    </div>
  );
}
