import type { Metadata } from "next";
import { api } from "@/convex/_generated/api";
import { parseWebhookFilters, webhookArgs } from "@/components/admin/logs/webhook-filters";
import { WebhookFilterForm } from "@/components/admin/logs/webhook-filter-form";
import { WebhookTable } from "@/components/admin/logs/webhook-table";
import { PageHeader } from "@/components/shared/page-header";
import { appErrorOf } from "@/lib/server/convex/errors";
import { preload } from "@/lib/server/portal/convex";

export const metadata: Metadata = { title: "Webhooks · Admin" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// GET /admin/webhooks: incoming Stripe and Clerk events with their outcome; admins redeliver Stripe events.
export default async function WebhooksPage({ searchParams }: Props) {
  const raw = await searchParams;
  const all = (name: string) => (raw[name] === undefined ? [] : Array.isArray(raw[name]) ? (raw[name] as string[]) : [raw[name] as string]);
  const { after, ...filters } = parseWebhookFilters({ get: (name) => all(name)[0] ?? null, getAll: all });
  let error: string | null = null;
  const preloaded = await preload(api.admin.webhooks.list, { ...webhookArgs(filters), cursor: after.at(-1) ?? null }).catch(
    (e: unknown) => {
      const known = appErrorOf(e);
      if (!known) throw e;
      error = known.message;
      return null;
    },
  );
  return (
    <div className="space-y-6">
      <PageHeader
        title="Webhook log"
        description="Every incoming Stripe and Clerk event: when it arrived, which tenant it concerns and what came of it."
      />
      <WebhookFilterForm key={JSON.stringify(filters)} filters={filters} error={error} />
      {preloaded && <WebhookTable preloaded={preloaded} filters={filters} after={after} />}
    </div>
  );
}
