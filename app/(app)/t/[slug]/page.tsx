import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PlanBadge, RoleBadge, TenantStatusBadge } from "@/components/tenant/tenant-badges";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getTenantForUser } from "@/lib/tenancy";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  // Same memoized lookup as the layout; a non-member gets a generic title, not the name.
  const tenant = await getTenantForUser((await params).slug);
  return { title: tenant?.name ?? "Not found" };
}

// GET /t/[slug]: the tenant's home. The portal issue fills it with the overview dashboard.
export default async function TenantHomePage({ params }: Props) {
  // Layouts and pages render in parallel, so a page never relies on its layout's check;
  // the lookup is memoized per request, so checking again costs nothing.
  const tenant = await getTenantForUser((await params).slug);
  if (!tenant) notFound();

  const facts = [
    { label: "Plan", value: <PlanBadge plan={tenant.plan} />, hint: "Your subscription tier." },
    { label: "Status", value: <TenantStatusBadge status={tenant.status} />, hint: "Where this tenant is in its lifecycle." },
    { label: "Your role", value: <RoleBadge role={tenant.role} />, hint: "Your access level in this tenant." },
  ];

  return (
    <div className="grid gap-4 md:grid-cols-3">
      {facts.map((fact) => (
        <Card key={fact.label} className="gap-3">
          <CardHeader>
            <CardDescription>{fact.label}</CardDescription>
            <CardTitle className="pt-1">{fact.value}</CardTitle>
          </CardHeader>
          <CardContent className="text-xs text-muted-foreground">{fact.hint}</CardContent>
        </Card>
      ))}
    </div>
  );
}
