/**
 * `npm run convex:local`: runs the project's convex/ functions offline on
 * convex-local (see docs/convex-local.md). Point clients at the printed URL.
 */
import { parseArgs } from "node:util";
import { startConvexServer } from "../lib/local/convex/server";
import { DataFileError } from "../lib/local/convex/store";
import { PushRefused } from "../lib/local/convex/push-rules";

const USAGE = `Usage: npm run convex:local -- [--port 3210] [--data-dir .data/convex] [--functions convex] [--no-watch]`;

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string", default: process.env.CONVEX_LOCAL_PORT ?? "3210" },
        "data-dir": { type: "string", default: process.env.CONVEX_LOCAL_DATA_DIR ?? ".data/convex" },
        functions: { type: "string", default: "convex" },
        "no-watch": { type: "boolean", default: false },
        host: { type: "string", default: "127.0.0.1" },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number (0-65535), got "${values.port}".`);
    process.exit(2);
  }
  try {
    const server = await startConvexServer({
      port,
      host: values.host,
      dataDir: values["data-dir"],
      functionsDir: values.functions,
      watch: !values["no-watch"],
    });
    console.log(`[convex-local] ready: ${server.url} (HTTP actions: ${server.siteUrl}), data in ${values["data-dir"]}`);
    const stop = async () => {
      await server.close();
      process.exit(0);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  } catch (e) {
    const message = e instanceof DataFileError ? e.message : (e as Error).message;
    // A refused push names every offending module; other failures keep to their one-line reason.
    console.error(`[convex-local] cannot start: ${e instanceof PushRefused ? message : message.split("\n")[0]}`);
    process.exit(1);
  }
}

void main();
