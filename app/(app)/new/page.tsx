import { Building2Icon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Create a tenant" };

// GET /new: where "create a tenant" leads. The portal issue replaces this with the wizard.
export default function NewTenantPage() {
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Create a tenant</h1>
      <EmptyState
        icon={<Building2Icon />}
        title="Tenant creation is on its way"
        description="The guided setup (name, slug, plan and first agent) arrives with the tenant portal. Until then, tenants come from the seed or an operator."
        action={
          <Button asChild variant="outline">
            <Link href="/">Back to your tenants</Link>
          </Button>
        }
      />
    </div>
  );
}
