/**
 * The process the durability test kills: starts convex-local on the data dir
 * it is given and runs a stream of mutations against it through the real
 * HTTP client, printing one line per acknowledged mutation:
 *
 *   ready <url>
 *   pair <n>          durability:writePair {n} was acknowledged (2 docs)
 *   batch <group>     limits:fill {group, count: BATCH} was acknowledged
 *
 * Usage: node --import tsx durability-child.ts <dataDir> <firstN> [streams]
 * It runs until killed.
 */
import fs from "node:fs";
import { anyApi } from "convex/server";
import { startConvexLocal } from "../../../lib/local/convex/index";
import { APP } from "./server";

const BATCH = 400; // the test expects this many docs per acknowledged batch
const api = anyApi;
const [dataDir, firstArg, streamsArg] = process.argv.slice(2);
const firstN = Number(firstArg ?? 0);
const streams = Number(streamsArg ?? 4);
const say = (line: string) => fs.writeSync(1, `${line}\n`); // unbuffered: a killed process loses no printed ack

const t = await startConvexLocal({ dataDir, port: 0, functionsDir: APP });
say(`ready ${t.url}`);
const pad = "p".repeat(1024);

let next = firstN;
async function pairs() {
  for (;;) {
    const n = next++;
    await t.mutation(api.durability.writePair, { n, pad });
    say(`pair ${n}`);
  }
}
let nextGroup = 1_000_000 + firstN;
async function batches() {
  for (;;) {
    const group = nextGroup++;
    await t.mutation(api.limits.fill, { group, from: 0, count: BATCH, size: 200 });
    say(`batch ${group}`);
  }
}
await Promise.all([...Array.from({ length: streams }, pairs), batches()]);
