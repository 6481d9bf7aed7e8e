import { ActivityIcon, Building2Icon, ScrollTextIcon, ShieldCheckIcon } from "lucide-react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { isStaff, requireSession } from "@/lib/auth";

export const metadata: Metadata = { title: "Platform admin" };

const AREAS = [
  { icon: Building2Icon, title: "Tenants", description: "Every tenant with plan, status and usage; suspend, restore, change plan." },
  { icon: ActivityIcon, title: "Platform metrics", description: "Tenants, agents, requests and revenue across the platform." },
  { icon: ScrollTextIcon, title: "Audit log", description: "Every staff action and every refused cross-tenant access." },
];

// GET /admin: the staff console's landing page (placeholder until the admin issue).
export default async function AdminPage() {
  const session = await requireSession();
  if (!isStaff(session)) notFound();

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center gap-3">
        <div className="flex size-11 items-center justify-center rounded-lg bg-primary/10 text-primary">
          <ShieldCheckIcon className="size-5" />
        </div>
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Platform admin</h1>
          <p className="text-sm text-muted-foreground">
            {session.platformRole === "support"
              ? "Support access: you can see every tenant, and change nothing."
              : "Admin access: you can see and act on every tenant."}
          </p>
        </div>
        <Badge className="ml-auto" variant={session.platformRole === "admin" ? "default" : "secondary"}>
          {session.platformRole === "admin" ? "Admin" : "Support · read-only"}
        </Badge>
      </div>
      <div className="grid gap-4 md:grid-cols-3">
        {AREAS.map(({ icon: Icon, title, description }) => (
          <Card key={title} className="gap-3">
            <CardHeader>
              <Icon className="mb-2 size-5 text-muted-foreground" />
              <CardTitle className="flex items-center gap-2">
                {title} <Badge variant="secondary">Soon</Badge>
              </CardTitle>
              <CardDescription>{description}</CardDescription>
            </CardHeader>
          </Card>
        ))}
      </div>
    </div>
  );
}
