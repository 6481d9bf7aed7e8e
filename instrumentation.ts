// Runs once when a Next server starts (never during `next build`). The environment is
// parsed here so a bad or impossible configuration stops start-up with a clear message
// instead of failing on the first request. The Node-only work sits in its own module,
// behind the runtime check, so it is never compiled for the edge runtime.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkEnvironmentAtStartup } = await import("./lib/server/env-startup");
    checkEnvironmentAtStartup();
    // The email outbox worker (issue 17): sends queued email over SMTP_URL in both modes.
    const { startDeliveryWorkers } = await import("./lib/server/email/start");
    startDeliveryWorkers();
    // Local mode: the demo's paying workspaces get their subscription and first paid invoice from the
    // billing simulator's webhook events before the first request (issue 18). A failure only logs.
    const { adoptSeededSubscriptions } = await import("./lib/server/billing/seeded");
    await adoptSeededSubscriptions().catch((error: unknown) =>
      console.warn(JSON.stringify({ event: "seeded_subscription_adoption_failed", error: (error as Error).message })),
    );
  }
}
