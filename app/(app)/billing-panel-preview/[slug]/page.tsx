// TEMPORARY (billing engineer's manual check of the staff panel; removed before hand-off).
import { BillingSimulatorPanel } from "@/components/billing/billing-simulator-panel";
export default async function Preview({ params }: { params: Promise<{ slug: string }> }) {
  return <BillingSimulatorPanel slug={(await params).slug} />;
}
