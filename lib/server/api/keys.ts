import "server-only";
import { api } from "@/convex/_generated/api";
import { asUser, systemConvex } from "@/lib/server/convex/gateway";
import { getEnv } from "@/lib/server/env";
import { keyIndexPrefix } from "@/lib/domain/api/keys";
import { sha256 } from "./request";

/**
 * Minting an API key (issue 20). The key is made on the tenant's placement (portal/apiKeys:create,
 * routed by the gateway), then indexed on the control plane (platform/keyIndex:put) so the runtime
 * API can find that placement from the key alone; only then is it handed back to be shown. A key
 * whose indexing failed is revoked at once and the caller told no key was made, so nobody ever
 * holds a key the API cannot route.
 *
 * Revoking needs no step here: the placement's door reads the key's row on every call, so the
 * portal's revoke (written on the placement) stops the key from its next call; the index row
 * only routes, and a revoked key's row routes calls to a refusal.
 */
export async function createIndexedApiKey(
  token: string,
  args: { slug: string; name: string; rateLimitPerMinute: number | null },
): Promise<{ key: string; name: string; prefix: string }> {
  const created = await asUser(token).mutation(api.portal.apiKeys.create, args);
  const { convex, systemSecret } = getEnv();
  // Without a system secret nothing is placed off the control plane, and unindexed keys are asked there.
  if (systemSecret === null) return created;
  const keyPrefix = keyIndexPrefix(sha256(created.key));
  const put = () => systemConvex(convex.url, systemSecret).mutation(api.platform.keyIndex.put, { slug: args.slug, keyPrefix });
  try {
    await put().catch(put); // idempotent: a retry after a lost answer writes nothing twice
  } catch (error) {
    await asUser(token).mutation(api.portal.apiKeys.revoke, { slug: args.slug, keyId: created._id });
    throw error;
  }
  return created;
}
