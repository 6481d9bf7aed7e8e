import "server-only";
import { api } from "@/convex/_generated/api";
import { getEnv } from "@/lib/server/env";
import { dedicatedDeploymentName, formatPlacement, MAIN_PLACEMENT, parsePlacement, type Placement } from "@/lib/domain/placement";
import { deploymentAt, runMove, startMove, startReverse, type Deployment, type MoveEnv } from "@/lib/server/scaling/move/runner";
import { readObject } from "./body";
import { FieldError } from "./input";
import type { Handler } from "./tenants";
import { ok } from "./respond";

/**
 * `tenantry tenant migrate` and `migrate-status` (docs/scaling.md, "Moving a tenant"): an
 * admin's request is checked and audited by platform/moves:authorize, then this server runs
 * the move in the background with the system secret against the registry's URLs; the
 * status is read from the control plane's record, so it survives this process.
 */
const ACTIONS = ["start", "resume", "reverse", "complete"] as const;
type Action = (typeof ACTIONS)[number];

/** Moves this process is running now: one runner per move (a second request joins the first). */
const running = new Map<string, Promise<unknown>>();

function targetOf(slug: string, raw: unknown): Placement {
  if (raw === "dedicated") return { kind: "dedicated", deployment: dedicatedDeploymentName(slug) };
  if (raw === "shared") return MAIN_PLACEMENT;
  const p = typeof raw === "string" ? parsePlacement(raw) : null;
  if (!p) throw new FieldError("to must be dedicated, dedicated:NAME, shared or shared:SHARD.", "to");
  return p;
}

function moveEnv(controlUrl: string, secret: string): MoveEnv {
  const clients = new Map<string, Deployment>();
  const at = (url: string) => {
    if (!clients.has(url)) clients.set(url, deploymentAt(url, secret));
    return clients.get(url) as Deployment;
  };
  return { control: at(controlUrl), at };
}

function inBackground(moveId: string, run: () => Promise<unknown>) {
  if (running.has(moveId)) return;
  const p = run()
    .catch((e: unknown) => console.error(`[move ${moveId}] stopped: ${e instanceof Error ? e.message : String(e)}`))
    .finally(() => running.delete(moveId));
  running.set(moveId, p);
}

/** POST tenants/:slug/move {action?, to?}: start (default), resume, reverse or complete a move; answers at once (202). */
export const request: Handler = async (op, req, slug) => {
  const body = await readObject(req);
  if (!body.ok) return body.response;
  const action = (body.value.action ?? "start") as Action;
  if (!ACTIONS.includes(action)) throw new FieldError(`action must be one of ${ACTIONS.join(", ")}.`, "action");
  const to = action === "start" ? targetOf(slug, body.value.to) : null;
  await op.mutation(api.platform.moves.authorize, { slug, action, to: to ? formatPlacement(to) : "" });
  const { convex, systemSecret } = getEnv();
  if (!systemSecret) throw new Error("TENANTRY_SYSTEM_SECRET is not set, so moves cannot run (npm start sets it).");
  const env = moveEnv(convex.url, systemSecret);
  const moves = await op.query(api.platform.moves.status, { slug });
  const latest = moves[0] ?? null;

  if (action === "start") {
    const deployments = await op.query(api.platform.registry.list, {});
    const here = await op.query(api.platform.registry.tenantPlacement, { slug });
    const urlOf = (name: string) => {
      const d = deployments.find((x) => x.name === name);
      if (!d) throw new FieldError(`No deployment is named "${name}"; register it first.`, "to");
      return d.url ?? convex.url;
    };
    const target = to as Placement;
    const moveId = await startMove(env, {
      slug,
      to: target,
      sourceUrl: here.deployment?.url ?? convex.url,
      targetUrl: urlOf(target.kind === "shared" ? target.shard : target.deployment),
    });
    inBackground(moveId, () => runMove(env, moveId, "switched"));
    return ok({ moveId, action, to: formatPlacement(target) }, 202);
  }
  if (!latest) throw new FieldError(`"${slug}" has no move to ${action}.`, "action");
  if (action === "reverse") {
    const back = await startReverse(env, latest.id);
    inBackground(back, () => runMove(env, back, "switched"));
    return ok({ moveId: back, action, to: latest.from }, 202);
  }
  inBackground(latest.id, () => runMove(env, latest.id, action === "complete" ? "done" : "switched"));
  return ok({ moveId: latest.id, action, to: latest.to }, 202);
};

/** GET tenants/:slug/move: the tenant's moves, newest first, with their phase and progress. */
export const status: Handler = async (op, _req, slug) => ok({ slug, moves: await op.query(api.platform.moves.status, { slug }) });
