import { defineApp } from "convex/server";
import migrations from "@convex-dev/migrations/convex.config";
import workpool from "@convex-dev/workpool/convex.config";
import rateLimiter from "@convex-dev/rate-limiter/convex.config";

// Components the app uses (docs/components.md says which hand-written piece each replaced, and which were kept).
const app = defineApp();
// Data changes and backfills: resumable, with status (convex/jobs/migrations.ts).
app.use(migrations);
// Erasing deleted tenants: the outside clean-up, with bounded concurrency and retries with backoff (convex/jobs/purgePool.ts).
app.use(workpool, { name: "purgePool" });
// Per-tenant and per-key API rate limits, keys namespaced by tenant (convex/lib/rateLimit.ts).
app.use(rateLimiter);
export default app;
