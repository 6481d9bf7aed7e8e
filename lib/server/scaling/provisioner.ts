/**
 * The provisioner port (issue 20): makes a Convex deployment a tenant can be
 * placed on, deploys the app's convex/ code to it, and records it in the
 * registry (convex/platform/registry.ts). Two adapters:
 * - local (./provisioner-local.ts): a convex-local child process per
 *   deployment, port and data under .data/deployments/NAME;
 * - cloud (./provisioner-cloud.ts): Convex's platform API through
 *   @convex-dev/platform, and `npx convex deploy` with a short-lived deploy key.
 *
 * Every step is idempotent by the deployment's name, so a provisioning that
 * crashed half way is finished by running it again.
 */
import type { DeploymentName } from "@/lib/domain/placement";

export type ProvisionRequest =
  | { name: DeploymentName; kind: "shared" }
  /** `tenantId`: the control plane's id of the tenant the deployment is made for. */
  | { name: DeploymentName; kind: "dedicated"; tenantId: string };

export type Provider = "local" | "cloud";

/** The environment every deployment's functions need (the same values as the control plane's). */
export type DeploymentEnv = {
  /** The shared secret of the system doors (convex/lib/functions.ts): the app calls every deployment with it. */
  TENANTRY_SYSTEM_SECRET: string;
  /** Anything else the functions read (the local identity issuer, billing settings...). */
  [name: string]: string;
};

export interface Provisioner {
  readonly provider: Provider;
  /** Creates the deployment if it does not exist yet and answers its URL. Nothing serves the app's code yet. */
  create(req: ProvisionRequest): Promise<{ url: string }>;
  /** Deploys the app's convex/ code and environment to it and waits until it answers. Safe to repeat. */
  deploy(req: ProvisionRequest): Promise<void>;
  /** Stops serving (local: ends the process this provisioner started). Never deletes data. */
  stop(name: DeploymentName): Promise<void>;
}

/** The registry's write side as the provisioner uses it (platform/registry:registerDeployment with the system secret). */
export type RegistryWriter = (args: {
  name: string;
  kind: "shared" | "dedicated";
  url: string;
  provider: Provider;
  dedicatedTo?: string;
  status: "provisioning" | "ready";
}) => Promise<unknown>;

/**
 * Provisions a deployment end to end: create, record as provisioning (so an
 * operator sees a half-made one after a crash), deploy, record as ready. Only a
 * ready deployment can receive tenants (setPlacement refuses the others).
 */
export async function provisionDeployment(provisioner: Provisioner, register: RegistryWriter, req: ProvisionRequest) {
  const { url } = await provisioner.create(req);
  const row = {
    name: req.name,
    kind: req.kind,
    url,
    provider: provisioner.provider,
    ...(req.kind === "dedicated" ? { dedicatedTo: req.tenantId } : {}),
  };
  await register({ ...row, status: "provisioning" });
  await provisioner.deploy(req);
  await register({ ...row, status: "ready" });
  return { name: req.name, url, provider: provisioner.provider };
}
