import "server-only";
import { fetchQuery } from "convex/nextjs";
import { api } from "@/convex/_generated/api";
import { tenantExportStream } from "@/lib/server/export-stream";

/** The tenant's own export: read through the tenant door (exports:* check tenant.export on every call). */
export function exportStream(slug: string, url: string, token: () => Promise<string | null>): ReadableStream<Uint8Array> {
  return tenantExportStream(
    {
      manifest: (auth) => fetchQuery(api.portal.exports.manifest, { slug }, { token: auth, url }),
      page: (auth, table, cursor, numItems) => fetchQuery(api.portal.exports.page, { slug, table, cursor, numItems }, { token: auth, url }),
      logFields: { slug },
    },
    token,
  );
}
