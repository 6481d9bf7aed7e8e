import { getSession } from "@/lib/server/auth";
import { getEnv } from "@/lib/server/env";
import { SimulatorPanelClient } from "./simulator-panel-client";

/**
 * Staff billing controls for one tenant, for the admin console's tenant page:
 * `<BillingSimulatorPanel slug={tenant.slug} />` in a server component (it
 * reads the session and the billing mode itself). Support sees the tenant's
 * Stripe events; admins also end the billing period (simulator only), cancel
 * the subscription and redeliver stored events. Every action is checked and
 * audited by Convex (convex/admin/billing.ts) whatever this component shows.
 */
export async function BillingSimulatorPanel({ slug }: { slug: string }) {
  const session = await getSession();
  return <SimulatorPanelClient slug={slug} canAct={session?.platformRole === "admin"} simulator={getEnv().billing.kind === "simulator"} />;
}
