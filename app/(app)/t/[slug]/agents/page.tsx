import type { Metadata } from "next";
import { AgentsClient } from "@/components/portal/agents/agents-client";
import { listArgs, parseView, viewToSearch } from "@/components/portal/agents/view-state";
import { preloadedQueryResult } from "convex/nextjs";
import { redirect } from "next/navigation";
import { api } from "@/convex/_generated/api";
import { preload } from "@/lib/server/portal/convex";
import { pageTenant } from "@/lib/server/portal/page-tenant";

export const metadata: Metadata = { title: "Agents" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

// GET /t/[slug]/agents?q=&status=&model=&dept=&sort=&order=&size=&after=: the agents table for the view in the URL.
export default async function AgentsPage({ params, searchParams }: Props) {
  const { tenant } = await pageTenant(params, "agents.read");
  const raw = await searchParams;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) for (const v of [value ?? []].flat()) search.append(key, v);
  const view = parseView(search);
  // One departments call serves both the check below and the client's live list.
  const preloadedDepartments = await preload(api.portal.departments.list, { slug: tenant.slug });
  const departments = preloadedQueryResult(preloadedDepartments);
  // An unknown department id in a shared link is dropped rather than sent to Convex.
  const known = { ...view, dept: departments.some((d) => d._id === view.dept) ? view.dept : null };
  const initial = await preload(api.portal.agents.list, listArgs(tenant.slug, known)).catch((error: unknown) => {
    // A cursor from an old or edited link no longer points anywhere: start this view from page one.
    if (known.after.length > 0) redirect(`/t/${tenant.slug}/agents${viewToSearch({ ...known, after: [] })}`);
    throw error;
  });
  return <AgentsClient initial={initial} departments={preloadedDepartments} />;
}
