import "server-only";
import { api } from "@/convex/_generated/api";
import { asUser } from "@/lib/server/convex/gateway";
import { tenantExportStream } from "@/lib/server/export-stream";

/** The tenant's own export: read through the tenant door (exports:* check tenant.export on every call). */
export function exportStream(slug: string, url: string, token: () => Promise<string | null>): ReadableStream<Uint8Array> {
  return tenantExportStream(
    {
      manifest: (auth) => asUser(auth, url).query(api.portal.exports.manifest, { slug }),
      page: (auth, table, cursor, numItems) => asUser(auth, url).query(api.portal.exports.page, { slug, table, cursor, numItems }),
      logFields: { slug },
    },
    token,
  );
}
