// The `tenantry` program (bin/tenantry.mjs runs it through tsx).
import { nodeIO } from "./io";
import { run } from "./run";

process.exitCode = await run(process.argv.slice(2), nodeIO());
