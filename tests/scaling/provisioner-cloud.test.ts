/**
 * Contract test of the cloud provisioner: the real adapter and the real
 * @convex-dev/platform client against a local stand-in of Convex's management
 * and deployment APIs, which answers the documented paths and shapes only and
 * records every request. Checks what is sent (paths, auth headers, bodies: a
 * prod deployment keyed by our name, a deploy key scoped to deploying and env
 * vars that expires within the hour, the system secret set before the code is
 * pushed) and that a second run finds the deployment instead of making another.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProvisionRequest, Provisioner } from "../../lib/server/scaling/provisioner";
import { deploymentNameX } from "../../lib/domain/placement";

const TOKEN = "team-token-for-tests";
const PROJECT = 4242;
type Seen = { method: string; path: string; auth: string | null; body: unknown };
type Deployment = { name: string; reference: string; deploymentUrl: string };

let server: http.Server;
let base: string;
const seen: Seen[] = [];
const deployments: Deployment[] = [];
const keys = new Map<string, { deployment: string; expiresAt: number; actions: string[] }>();
const envOf = new Map<string, Record<string, string>>();

function standIn(req: http.IncomingMessage, raw: string): [number, unknown] {
  const url = new URL(req.url!, base);
  const auth = req.headers.authorization ?? null;
  const body = raw ? JSON.parse(raw) : undefined;
  seen.push({ method: req.method!, path: url.pathname + url.search, auth, body });
  const mgmt = /^\/v1\/(.*)$/.exec(url.pathname)?.[1];
  if (mgmt !== undefined) {
    if (auth !== `Bearer ${TOKEN}`) return [401, { code: "Unauthorized", message: "Bad access token" }];
    let m: RegExpExecArray | null;
    if (req.method === "GET" && (m = /^projects\/(\d+)\/deployment$/.exec(mgmt))) {
      const d = deployments.find((x) => Number(m![1]) === PROJECT && x.reference === url.searchParams.get("reference"));
      return d ? [200, cloud(d)] : [404, { code: "DeploymentNotFound", message: "No such deployment" }];
    }
    if (req.method === "POST" && (m = /^projects\/(\d+)\/create_deployment$/.exec(mgmt))) {
      if (Number(m[1]) !== PROJECT || !["dev", "prod", "preview", "custom"].includes(body?.type) || typeof body?.reference !== "string")
        return [400, { code: "BadRequest", message: "type and reference" }];
      const name = `happy-otter-${100 + deployments.length}`;
      const d = { name, reference: body.reference, deploymentUrl: `${base}/d/${name}` };
      deployments.push(d);
      return [200, cloud(d)];
    }
    if (req.method === "POST" && (m = /^deployments\/([\w-]+)\/create_deploy_key$/.exec(mgmt))) {
      if (!deployments.some((d) => d.name === m![1])) return [404, { code: "DeploymentNotFound", message: "No such deployment" }];
      if (typeof body?.name !== "string") return [400, { code: "BadRequest", message: "name" }];
      if (body.expiresAt != null && body.expiresAt < Date.now() + 30 * 60_000)
        return [400, { code: "BadRequest", message: "expiresAt must be at least 30 minutes away" }];
      const deployKey = `prod:${m[1]}|key${keys.size}`;
      keys.set(deployKey, { deployment: m[1], expiresAt: body.expiresAt, actions: body.allowedActions });
      return [200, { deployKey }];
    }
    return [404, { code: "NotFound", message: `no route ${req.method} ${url.pathname}` }];
  }
  const dep = /^\/d\/([\w-]+)\/api\/v1\/update_environment_variables$/.exec(url.pathname);
  if (dep && req.method === "POST") {
    const key = keys.get((auth ?? "").replace(/^Convex /, ""));
    if (!auth?.startsWith("Convex ") || key?.deployment !== dep[1] || !key.actions.includes("deployment:env:write"))
      return [401, { code: "Unauthorized", message: "Bad deploy key" }];
    const env = envOf.get(dep[1]) ?? {};
    for (const c of body.changes as { name: string; value?: string | null }[]) {
      if (c.value == null) delete env[c.name];
      else env[c.name] = c.value;
    }
    envOf.set(dep[1], env);
    return [200, {}];
  }
  return [404, { code: "NotFound", message: "no route" }];
}

const cloud = (d: Deployment) => ({
  kind: "cloud",
  name: d.name,
  reference: d.reference,
  deploymentUrl: d.deploymentUrl,
  deploymentType: "prod",
  class: "s16",
  createTime: 1,
  id: 1,
  isDefault: false,
  projectId: PROJECT,
  region: "aws-us-east-1",
});

let cloudProvisioner: typeof import("../../lib/server/scaling/provisioner-cloud").cloudProvisioner;
let provisionDeployment: typeof import("../../lib/server/scaling/provisioner").provisionDeployment;
const pushed: { url: string; deployKey: string; envAtPush: Record<string, string> }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const [status, body] = standIn(req, raw);
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // @convex-dev/platform reads its host when it loads, so the adapter is imported after this.
  process.env.CONVEX_PROVISION_HOST = base;
  ({ cloudProvisioner } = await import("../../lib/server/scaling/provisioner-cloud"));
  ({ provisionDeployment } = await import("../../lib/server/scaling/provisioner"));
});
afterAll(() => new Promise((r) => server?.close(r)));

const make = (accessToken = TOKEN): Provisioner =>
  cloudProvisioner({
    accessToken,
    projectId: PROJECT,
    env: { TENANTRY_SYSTEM_SECRET: "secret-for-the-dedicated-one-0123456789" },
    deployCode: async ({ url, deployKey }) => {
      const name = /\/d\/([\w-]+)$/.exec(url)![1];
      pushed.push({ url, deployKey, envAtPush: { ...(envOf.get(name) ?? {}) } });
    },
  });
const acme: ProvisionRequest = { name: deploymentNameX("t-acme"), kind: "dedicated", tenantId: "k17acme" };

describe("cloud provisioner against a stand-in of the platform API", () => {
  it("creates a prod deployment keyed by our name, sets the env with a scoped short-lived key, then pushes; registry sees provisioning then ready", async () => {
    const registered: unknown[] = [];
    const before = Date.now();
    const out = await provisionDeployment(make(), async (row) => void registered.push(row), acme);
    const url = `${base}/d/happy-otter-100`;
    expect(out).toEqual({ name: "t-acme", url, provider: "cloud" });
    expect(registered).toEqual([
      { name: "t-acme", kind: "dedicated", url, provider: "cloud", dedicatedTo: "k17acme", status: "provisioning" },
      { name: "t-acme", kind: "dedicated", url, provider: "cloud", dedicatedTo: "k17acme", status: "ready" },
    ]);
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      `GET /v1/projects/${PROJECT}/deployment?reference=t-acme`,
      `POST /v1/projects/${PROJECT}/create_deployment`,
      `GET /v1/projects/${PROJECT}/deployment?reference=t-acme`,
      "POST /v1/deployments/happy-otter-100/create_deploy_key",
      "POST /d/happy-otter-100/api/v1/update_environment_variables",
    ]);
    expect(seen[1].body).toEqual({ type: "prod", reference: "t-acme", isDefault: false });
    const key = [...keys.values()][0];
    expect(key.actions.sort()).toEqual(["deployment:deploy", "deployment:env:view", "deployment:env:write"]);
    expect(key.expiresAt).toBeGreaterThanOrEqual(before + 30 * 60_000);
    expect(key.expiresAt).toBeLessThanOrEqual(Date.now() + 60 * 60_000);
    // The pushed code finds its system secret from its first call on.
    expect(pushed).toEqual([
      { url, deployKey: [...keys.keys()][0], envAtPush: { TENANTRY_SYSTEM_SECRET: "secret-for-the-dedicated-one-0123456789" } },
    ]);
  });

  it("a second run finds the deployment by reference and makes no other", async () => {
    seen.length = 0;
    const out = await provisionDeployment(make(), async () => {}, acme);
    expect(out.url).toBe(`${base}/d/happy-otter-100`);
    expect(deployments).toHaveLength(1);
    expect(seen.filter((s) => s.path.endsWith("/create_deployment"))).toEqual([]);
  });

  it("a refused token stops before anything is registered, with the API's status in the error", async () => {
    const registered: unknown[] = [];
    await expect(
      provisionDeployment(make("wrong-token"), async (row) => void registered.push(row), {
        name: deploymentNameX("shard-2"),
        kind: "shared",
      }),
    ).rejects.toThrow(/get deployment: HTTP 401/);
    expect(registered).toEqual([]);
    expect(seen.at(-1)).toMatchObject({ auth: "Bearer wrong-token" });
  });
});
