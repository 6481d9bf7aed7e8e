/**
 * `npm start`: Tenantry in local mode, in one command. Starts convex-local,
 * seeds the demo data on the first run, builds the app when the build is
 * missing or older than the sources, and serves it with `next start`.
 * With NEXT_PUBLIC_CONVEX_URL set (cloud mode) it only builds and serves.
 *
 * Locally it also runs an SMTP server (lib/local/smtp) the app sends all email to (SMTP_URL);
 * received mail shows on /dev/mailbox.
 *
 * Flags: --port 3000, --convex-port 3210, --smtp-port (default: any free port), --data-dir .data, --no-build, --no-seed,
 * --shards N (default 0, or TENANTRY_LOCAL_SHARDS): also run N shared shards (shard-1..N) as convex-local child processes
 * (data and ports under DATA/deployments/NAME), registered on the control plane, and names them to the app
 * (TENANTRY_NEW_TENANT_SHARDS) for placing new tenants by the policy (lib/server/scaling/place-new.ts; onboarding does not
 * call it yet). The demo tenants stay on the control plane (shard main).
 */
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { startConvexServer } from "../lib/local/convex/server";
import { startLocalSmtp } from "../lib/local/smtp/server";
import { consoleLogger, silentLogger } from "../lib/local/convex/log";
import { DEMO_USERS } from "../lib/local/identity/directory";
import { runMigrations, seed } from "./seed";
import { localProvisioner } from "../lib/server/scaling/provisioner-local";
import { provisionDeployment } from "../lib/server/scaling/provisioner";
import { deploymentNameX } from "../lib/domain/placement";

for (const file of [".env", ".env.local"]) if (fs.existsSync(file)) process.loadEnvFile(file);

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "3000" },
    "convex-port": { type: "string", default: "3210" },
    "smtp-port": { type: "string", default: "0" },
    "data-dir": { type: "string", default: process.env.TENANTRY_DATA_DIR ?? ".data" },
    "no-build": { type: "boolean", default: false },
    "no-seed": { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
    shards: { type: "string", default: process.env.TENANTRY_LOCAL_SHARDS ?? "0" },
  },
});

const SOURCES = ["app", "components", "lib", "convex", "proxy.ts", "next.config.ts", "package-lock.json"];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    0,
    ...fs
      .readdirSync(p)
      .filter((n) => n !== "_generated" && n !== "node_modules")
      .map((n) => newestMtime(path.join(p, n))),
  );
}

function needsBuild(): boolean {
  const buildId = path.join(process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  return Math.max(...SOURCES.map(newestMtime)) > fs.statSync(buildId).mtimeMs;
}

/** A secret shared by the app and Convex for system mutations (webhooks), kept in the data dir. */
function systemSecret(dataDir: string): string {
  const file = path.join(dataDir, "system-secret");
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("hex"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

/**
 * Indexes the control plane's API keys (platform/keyIndex:backfill), so the runtime API can route
 * keys minted before the index existed once their tenant is placed elsewhere. Keys minted since are
 * indexed when made; a finished run reads one page per 500 keys.
 */
async function indexApiKeys(url: string, secret: string) {
  const client = new ConvexHttpClient(url, { logger: false });
  const backfill = makeFunctionReference<"mutation", { secret: string; after: number | null }, { after: number | null }>(
    "platform/keyIndex:backfill",
  );
  for (let after: number | null = null; ;) {
    ({ after } = await client.mutation(backfill, { secret, after }));
    if (after === null) return;
  }
}

/**
 * Runs shard-1..N as convex-local child processes (the local provisioner: ports chosen once and kept in
 * DATA/deployments/NAME/deployment.json, so registered URLs survive restarts) and registers each on the
 * control plane as a ready shared shard. Answers a function that stops them.
 */
async function startShards(
  count: number,
  dataDir: string,
  controlUrl: string,
  shardEnv: { TENANTRY_SYSTEM_SECRET: string } & Record<string, string>,
) {
  const provisioner = localProvisioner({
    dataDir,
    root: process.cwd(),
    env: shardEnv,
    log: values.quiet ? undefined : (line) => console.log(line),
  });
  const client = new ConvexHttpClient(controlUrl, { logger: false });
  const registerDeployment = makeFunctionReference<"mutation">("platform/registry:registerDeployment");
  const register = (row: Record<string, unknown>) =>
    client.mutation(registerDeployment, { ...row, secret: shardEnv.TENANTRY_SYSTEM_SECRET });
  const names = Array.from({ length: count }, (_, i) => deploymentNameX(`shard-${i + 1}`));
  // One after another: each push compiles convex/, and two at once on a small machine only slow both.
  for (const name of names) {
    const { url } = await provisionDeployment(provisioner, register, { name, kind: "shared" });
    console.log(`  shard ${name} at ${url}`);
  }
  return async () => {
    for (const name of names) await provisioner.stop(name);
  };
}

async function main() {
  const dataDir = path.resolve(values["data-dir"]);
  fs.mkdirSync(dataDir, { recursive: true });
  const appUrl = process.env.APP_URL ?? `http://localhost:${values.port}`;
  const cloud = Boolean(process.env.NEXT_PUBLIC_CONVEX_URL);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    APP_URL: appUrl,
    TENANTRY_DATA_DIR: dataDir,
    TENANTRY_SYSTEM_SECRET: process.env.TENANTRY_SYSTEM_SECRET ?? systemSecret(dataDir),
  };
  let closeConvex = async () => {};
  if (!cloud) {
    const convex = await startConvexServer({
      dataDir: path.join(dataDir, "convex"),
      port: Number(values["convex-port"]),
      log: values.quiet ? silentLogger : consoleLogger(),
      env: { TENANTRY_LOCAL_AUTH_ISSUER: `${appUrl}/api/local-auth`, TENANTRY_SYSTEM_SECRET: env.TENANTRY_SYSTEM_SECRET! },
    });
    const smtp = await startLocalSmtp({ dir: path.join(dataDir, "mailbox"), port: Number(values["smtp-port"]) });
    closeConvex = async () => {
      await smtp.close();
      await convex.close();
    };
    env.CONVEX_LOCAL_URL = convex.url;
    env.SMTP_URL = process.env.SMTP_URL ?? smtp.smtpUrl;
    env.LOCAL_MAILBOX_URL = smtp.apiUrl;
    const marker = path.join(dataDir, "seeded");
    if (!values["no-seed"] && !fs.existsSync(marker)) {
      await seed({ url: convex.url, dataDir: path.join(dataDir, "convex") });
      fs.writeFileSync(marker, new Date().toISOString());
    }
    // The upgrade step: pending data migrations (convex/jobs/migrations.ts) run before the app serves; done ones are skipped.
    const unfinished = await runMigrations({ url: convex.url, dataDir: path.join(dataDir, "convex") });
    for (const m of unfinished)
      console.warn(
        m.state === "inProgress"
          ? `  migration ${m.name} goes on in the background (${m.processed} done so far)`
          : `  migration ${m.name}: ${m.state}${m.error ? ` (${m.error})` : ""}; it resumes where it stopped on the next start`,
      );
    await indexApiKeys(convex.url, env.TENANTRY_SYSTEM_SECRET!);
    const shards = Number(values.shards);
    if (!Number.isInteger(shards) || shards < 0 || shards > 8) throw new Error("--shards must be a whole number from 0 to 8.");
    if (shards > 0) {
      const stopShards = await startShards(shards, dataDir, convex.url, {
        TENANTRY_SYSTEM_SECRET: env.TENANTRY_SYSTEM_SECRET!,
        TENANTRY_LOCAL_AUTH_ISSUER: `${appUrl}/api/local-auth`,
      });
      const closeControl = closeConvex;
      closeConvex = async () => {
        await stopShards();
        await closeControl();
      };
      env.TENANTRY_NEW_TENANT_SHARDS = Array.from({ length: shards }, (_, i) => `shard-${i + 1}`).join(",");
    }
    // Local identity under `next start` (NODE_ENV=production) must be allowed explicitly; it then shows a banner.
    if (!process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY) env.TENANTRY_ALLOW_LOCAL_AUTH = "1";
  }
  if (!values["no-build"] && needsBuild()) {
    console.log("Building the app (next build)…");
    const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...env, NODE_ENV: "production" } });
    if (build.status !== 0) {
      await closeConvex();
      process.exit(build.status ?? 1);
    }
  }
  const next = spawn("npx", ["next", "start", "-p", values.port], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...env, NODE_ENV: "production" },
  });
  console.log(`\nTenantry is running at ${appUrl}${cloud ? "" : " (local mode: convex-local, local identity, billing simulator)"}`);
  if (!cloud) console.log(`Email goes to the local SMTP server (${env.SMTP_URL}); read it at ${appUrl}/dev/mailbox`);
  if (!cloud) console.log(`Sign in as any of:\n${DEMO_USERS.map((u) => `  ${u.email.padEnd(24)} ${u.description}`).join("\n")}\n`);
  const stop = async () => {
    next.kill("SIGTERM");
    await closeConvex();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  next.on("exit", async (code) => {
    await closeConvex();
    process.exit(code ?? 0);
  });
}

main().catch((e) => {
  console.error(`Tenantry could not start: ${(e as Error).message}`);
  process.exit(1);
});
