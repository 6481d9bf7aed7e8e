import { EyeIcon } from "lucide-react";
import Link from "next/link";
import { api } from "@/convex/_generated/api";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { getConvexToken } from "@/lib/server/auth";
import { asUser } from "@/lib/server/convex/gateway";

/**
 * "View as tenant": platform staff reading a tenant's portal they are not a member of.
 * Rendered by the tenant layout on every page of /t/[slug] when Convex says the access
 * is via staff. Convex already makes that access read-only (tenant writes refuse it);
 * this says so, and records the visit in the audit log on entry (the layout renders
 * once per entry; Convex folds repeats within half an hour into one entry). The visit
 * is not shown unless it is recorded.
 */
export async function ViewAsBanner({ slug, name }: { slug: string; name: string }) {
  const token = await getConvexToken();
  if (token) await asUser(token).mutation(api.admin.audit.recordViewAs, { slug });
  return (
    <Alert variant="info" data-testid="view-as-banner">
      <EyeIcon />
      <AlertTitle>Viewing {name} as platform staff: read-only</AlertTitle>
      <AlertDescription>
        Nothing can be changed from here, and this visit is recorded in the audit log.{" "}
        <Link href={`/admin/tenants/${slug}`}>Back to the admin console</Link>
      </AlertDescription>
    </Alert>
  );
}
