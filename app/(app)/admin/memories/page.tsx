import type { Metadata } from "next";
import { api } from "@/convex/_generated/api";
import { GlobalMemorySearch } from "@/components/admin/memories/global-memory-search";
import { MemoryResults } from "@/components/admin/memories/memory-results";
import { PageHeader } from "@/components/shared/page-header";
import { getConvexToken, requireSession } from "@/lib/server/auth";
import { asUser } from "@/lib/server/convex/gateway";
import { appErrorOf } from "@/lib/server/convex/errors";

export const metadata: Metadata = { title: "Agent memories · Admin" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

// GET /admin/memories?q=&tenant=: the global view of the agents' memories, read only; every search is audited.
export default async function GlobalMemoriesPage({ searchParams }: Props) {
  await requireSession();
  const raw = await searchParams;
  const q = one(raw.q);
  const tenant = one(raw.tenant);
  let error: { field?: string; message: string } | null = null;
  let results = null;
  if (q.trim() !== "") {
    const token = await getConvexToken();
    if (!token) error = { message: "Sign in again to search." };
    else
      results = await asUser(token)
        .mutation(api.admin.globalView.searchMemories, { search: q, ...(tenant.trim() ? { tenant } : {}) })
        .catch((e: unknown) => {
          // A search the server refuses (unknown tenant, too long) is shown next to the form.
          const known = appErrorOf(e);
          if (!known) throw e;
          error = known;
          return null;
        });
  }
  return (
    <div className="space-y-6">
      <PageHeader
        title="Agent memories"
        description="Search every tenant's agent memories by text, read only. Each search is recorded in the audit log under your name."
      />
      <GlobalMemorySearch q={q} tenant={tenant} error={error} />
      {results && <MemoryResults results={results} />}
    </div>
  );
}
