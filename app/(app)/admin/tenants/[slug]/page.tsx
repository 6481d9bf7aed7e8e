import type { Metadata } from "next";
import { api } from "@/convex/_generated/api";
import { TenantDetailClient } from "@/components/admin/tenant/detail-client";
import { preload } from "@/lib/server/portal/convex";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).slug} · Admin` };
}

// GET /admin/tenants/[slug]: one tenant's detail and actions (live). Unknown slug: 404.
export default async function AdminTenantPage({ params }: Props) {
  const { slug } = await params;
  const preloaded = await preload(api.admin.tenantDetail.get, { slug });
  return <TenantDetailClient preloaded={preloaded} />;
}
