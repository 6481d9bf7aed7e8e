import { EnvError, getEnv } from "./env";

/** Parses the environment once at server start: prints the chosen backbones, or the problems and exits. */
export function checkEnvironmentAtStartup(): void {
  try {
    const env = getEnv();
    const data = env.convex.kind === "local" ? `convex-local ${env.convex.url}` : `convex ${env.convex.url}`;
    const identity = env.identity.kind === "local" ? `local (issuer ${env.identity.issuer})` : "clerk";
    console.log(`Tenantry: data=${data}, identity=${identity}, billing=${env.billing.kind}`);
    if (env.identity.kind === "local" && env.nodeEnv === "production") {
      console.warn("Tenantry: local identity is serving a production build (TENANTRY_ALLOW_LOCAL_AUTH=1); anyone can sign in as anyone.");
    }
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    // Refuse to serve at all: a half-configured control plane must not answer requests.
    process.exit(1);
  }
}
