import "server-only";
import { api } from "@/convex/_generated/api";
import type { Handler } from "./tenants";
import { ok } from "./respond";

/** GET deployments: every deployment tenants can live on (the control plane as shard main first), with its tenant count. */
export const deployments: Handler = async (op) => ok({ deployments: await op.query(api.platform.registry.list, {}) });

/** GET tenants/:slug/placement: where a tenant's data lives (shared shard or dedicated deployment) and the placement's version. */
export const tenantPlacement: Handler = async (op, _request, slug) => ok(await op.query(api.platform.registry.tenantPlacement, { slug }));
