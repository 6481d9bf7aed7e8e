/**
 * The cloud provisioner: Convex's platform API through @convex-dev/platform.
 * A Tenantry deployment is a prod deployment of one Convex project whose
 * `reference` is the deployment's name (t-acme, shard-2), so finding it again
 * needs no state of ours. Deploying the code is `npx convex deploy` (the
 * platform API has no push endpoint) with a deploy key minted for this one
 * deployment and expiring within the hour; the key is never stored.
 *
 * What the access token must allow (docs/scaling.md): a team or project token
 * that may create deployments in the project and create deploy keys for them.
 * The deploy key it mints allows only deploying and writing env vars.
 *
 * The management host is CONVEX_PROVISION_HOST (default https://api.convex.dev),
 * read by @convex-dev/platform when it loads; the contract test points it at a
 * local stand-in (tests/scaling/provisioner-cloud.test.ts).
 */
import { createDeploymentClient, createManagementClient } from "@convex-dev/platform";
import type { PlatformCreateDeploymentArgs, PlatformDeploymentResponse } from "@convex-dev/platform/managementApi";
import type { DeploymentName } from "@/lib/domain/placement";
import type { DeploymentEnv, ProvisionRequest, Provisioner } from "./provisioner";

/** Runs `npx convex deploy` for one deployment (the default) or stands in for it in tests. */
export type DeployCode = (args: { url: string; deployKey: string }) => Promise<void>;

export type CloudProvisionerOptions = {
  /** A Convex team or project access token (CONVEX_PLATFORM_TOKEN). */
  accessToken: string;
  /** The Convex project tenants' deployments are made in (CONVEX_PLATFORM_PROJECT_ID). */
  projectId: number;
  env: DeploymentEnv;
  deployCode: DeployCode;
  /** Region of new deployments (the team's default when absent). */
  region?: NonNullable<PlatformCreateDeploymentArgs["region"]>;
  now?: () => number;
};

/** Minimum the platform API accepts for a deploy key's expiry is 30 minutes. */
const DEPLOY_KEY_TTL_MS = 60 * 60_000;
const DEPLOY_KEY_ACTIONS = ["deployment:deploy", "deployment:env:view", "deployment:env:write"] as const;

export class PlatformApiError extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    detail: unknown,
  ) {
    super(`Convex platform API, ${step}: HTTP ${status} ${typeof detail === "string" ? detail : JSON.stringify(detail)}`);
  }
}

/** The platform API also lists `npx convex dev` local deployments; a tenant's must be a cloud one. */
function cloudOnly(step: string, d: PlatformDeploymentResponse) {
  if (d.kind !== "cloud") throw new PlatformApiError(step, 200, `deployment ${d.name} is a local deployment, not a cloud one`);
  return d;
}

export function cloudProvisioner(opts: CloudProvisionerOptions): Provisioner {
  const management = createManagementClient(opts.accessToken);
  const now = opts.now ?? Date.now;

  /** The deployment with this reference, or null when the project has none. */
  async function find(name: DeploymentName) {
    const { data, error, response } = await management.GET("/projects/{project_id}/deployment", {
      params: { path: { project_id: opts.projectId }, query: { reference: name } },
    });
    if (response.status === 404) return null;
    if (!data) throw new PlatformApiError("get deployment", response.status, error);
    return cloudOnly("get deployment", data);
  }

  async function findX(name: DeploymentName) {
    const found = await find(name);
    if (!found) throw new Error(`Deployment ${name} was never created in project ${opts.projectId}.`);
    return found;
  }

  return {
    provider: "cloud",
    async create(req: ProvisionRequest) {
      const existing = await find(req.name);
      if (existing) return { url: existing.deploymentUrl };
      const { data, error, response } = await management.POST("/projects/{project_id}/create_deployment", {
        params: { path: { project_id: opts.projectId } },
        body: { type: "prod", reference: req.name, isDefault: false, ...(opts.region ? { region: opts.region } : {}) },
      });
      if (!data) throw new PlatformApiError("create deployment", response.status, error);
      return { url: cloudOnly("create deployment", data).deploymentUrl };
    },
    async deploy(req: ProvisionRequest) {
      const deployment = await findX(req.name);
      const key = await management.POST("/deployments/{deployment_name}/create_deploy_key", {
        params: { path: { deployment_name: deployment.name } },
        body: { name: `tenantry-provision-${now()}`, allowedActions: [...DEPLOY_KEY_ACTIONS], expiresAt: now() + DEPLOY_KEY_TTL_MS },
      });
      if (!key.data) throw new PlatformApiError("create deploy key", key.response.status, key.error);
      const deployKey = key.data.deployKey;
      // The environment first: the pushed functions read it (the system secret) from their first call.
      const client = createDeploymentClient(deployment.deploymentUrl, deployKey);
      const changes = Object.entries(opts.env).map(([name, value]) => ({ name, value }));
      const env = await client.POST("/update_environment_variables", { body: { changes } });
      if (!env.response.ok) throw new PlatformApiError("set environment", env.response.status, env.error);
      await opts.deployCode({ url: deployment.deploymentUrl, deployKey });
    },
    // A cloud deployment keeps serving until it is deleted, which only an operator does after the move's retention.
    async stop() {},
  };
}

/** The default DeployCode: `npx convex deploy` from the repository, with the deploy key in its environment only. */
export function npxConvexDeploy(root: string): DeployCode {
  return async ({ deployKey }) => {
    const { spawn } = await import("node:child_process");
    await new Promise<void>((resolve, reject) => {
      const child = spawn("npx", ["convex", "deploy", "--yes"], {
        cwd: root,
        env: { ...process.env, CONVEX_DEPLOY_KEY: deployKey },
        stdio: "inherit",
      });
      child.once("error", reject);
      child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npx convex deploy exited with ${code}.`))));
    });
  };
}
