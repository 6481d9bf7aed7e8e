import "server-only";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/convex/_generated/api";
import { asUser } from "@/lib/server/convex/gateway";
import { tenantExportStream } from "@/lib/server/export-stream";

type Manifest = FunctionReturnType<typeof api.admin.export.start>;

/** A tenant's export for platform admins, same format as the tenant's own; admin/export:page is admin-only on every call. */
export function adminExportStream(
  manifest: Manifest,
  exportedBy: string,
  url: string,
  token: () => Promise<string | null>,
): ReadableStream<Uint8Array> {
  const tenantId = manifest.tenant._id;
  return tenantExportStream(
    {
      manifest: async () => ({ tenant: manifest.tenant, tables: [...manifest.tables] }),
      page: (auth, table, cursor, numItems) => asUser(auth, url).query(api.admin.export.page, { tenantId, table, cursor, numItems }),
      header: { exportedBy },
      logFields: { admin: true, tenant: manifest.tenant.slug },
    },
    token,
  );
}
