/**
 * Durability: what convex-local acknowledged survives `kill -9`, and nothing
 * half-written does; a data file it cannot read is reported and left alone.
 *
 * A child process (support/durability-child.ts) runs convex-local and a stream
 * of mutations through the real HTTP client: several streams of pair writes
 * (2 docs each) plus a stream of 400-doc batches, printing each acknowledged
 * one. The test SIGKILLs it mid-stream (so mutations are in flight), restarts
 * convex-local on the same directory and checks every acknowledged mutation is
 * there, every pair and batch present is whole, and SQLite's own integrity
 * check passes. Three kill/restart rounds run on one data dir.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { anyApi } from "convex/server";
import { startConvexLocal } from "../../lib/local/convex/index";
import { APP, scratchDir, startOn } from "./support/server";

const api = anyApi;
const CHILD = path.join(import.meta.dirname, "support", "durability-child.ts");
const BATCH = 400; // docs per batch in the child
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

type Acks = { pairs: number[]; batches: number[]; stderr: string };

/** Runs the child until `enough` acks, then a random few ms more, then SIGKILL. */
async function runAndKill(dataDir: string, firstN: number, enough: number): Promise<Acks> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, dataDir, String(firstN), "4"], {
    cwd: path.resolve(import.meta.dirname, "..", ".."),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const acks: Acks = { pairs: [], batches: [], stderr: "" };
  child.stderr.on("data", (d) => (acks.stderr += d));
  const exited = new Promise<NodeJS.Signals | number | null>((r) => child.on("exit", (code, signal) => r(signal ?? code)));
  let killTimer: NodeJS.Timeout | undefined;
  const lines = readline.createInterface({ input: child.stdout });
  lines.on("line", (line) => {
    const [kind, value] = line.split(" ");
    if (kind === "pair") acks.pairs.push(Number(value));
    else if (kind === "batch") acks.batches.push(Number(value));
    if (acks.pairs.length >= enough && !killTimer) killTimer = setTimeout(() => child.kill("SIGKILL"), Math.random() * 40);
  });
  const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const how = await exited;
  clearTimeout(guard);
  clearTimeout(killTimer);
  // Whatever was printed before the kill has been read once stdout ends.
  await new Promise((r) => (child.stdout.readableEnded ? r(null) : child.stdout.on("end", r)));
  expect(how, `child did not die by SIGKILL:\n${acks.stderr}`).toBe("SIGKILL");
  return acks;
}

describe("kill -9 mid-stream", () => {
  it("every acknowledged mutation survives; nothing half-written does (3 kill/restart rounds)", async () => {
    const dataDir = scratchDir("durability");
    dirs.push(dataDir);
    const acked = { pairs: new Set<number>(), batches: new Set<number>() };
    const rounds = [0, 100_000, 200_000];
    for (const [round, firstN] of rounds.entries()) {
      const acks = await runAndKill(dataDir, firstN, 150 + round * 50);
      expect(acks.pairs.length, acks.stderr).toBeGreaterThanOrEqual(150);
      expect(acks.batches.length, "some big transactions were acknowledged too").toBeGreaterThan(0);
      for (const n of acks.pairs) acked.pairs.add(n);
      for (const g of acks.batches) acked.batches.add(g);

      // Restart on the same directory: this recovers the WAL the killed process left.
      const t = await startOn(dataDir);
      try {
        // Pairs: read back every n each round could have written.
        const present = new Map<number, number[]>();
        for (const from of rounds.slice(0, round + 1)) {
          for (let lo = from; lo < from + 100_000; lo += 500) {
            const rows = (await t.query(api.durability.pairRows, { fromN: lo, toN: lo + 500 })) as [number, number, number][];
            for (const [n, seq, len] of rows) {
              expect(len).toBe(1024);
              present.set(n, [...(present.get(n) ?? []), seq]);
            }
            if (rows.length === 0 && lo > Math.max(...[...acked.pairs].filter((n) => n >= from && n < from + 100_000)) + 1000) break;
          }
        }
        const missing = [...acked.pairs].filter((n) => !present.has(n));
        expect(missing, "acknowledged pairs missing after restart").toEqual([]);
        const torn = [...present].filter(([, seqs]) => seqs.sort().join() !== "0,1");
        expect(torn, "half-written pairs").toEqual([]);
        // At most the few in flight at the kill committed without being acknowledged.
        expect(present.size - acked.pairs.size).toBeLessThanOrEqual(4 * (round + 1));

        // Batches: acknowledged ones are whole; any other group present is whole too.
        for (const group of acked.batches) expect(await t.query(api.limits.readAll, { group })).toBe(BATCH);
        const lastGroup = Math.max(...acked.batches);
        for (let group = lastGroup + 1; group <= lastGroup + 2; group++)
          expect([0, BATCH]).toContain(await t.query(api.limits.readAll, { group }));

        // Each round's writes keep going after a restart: the store is writable.
        await t.mutation(api.durability.writePair, { n: 999_999 - round, pad: "p".repeat(1024) });
      } finally {
        await t.close();
      }
    }

    // SQLite agrees the file is sound, and every index entry points at a live document and back.
    const db = new Database(path.join(dataDir, "convex.sqlite3"), { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(db.prepare("SELECT count(*) FROM idx i LEFT JOIN docs d ON d.id = i.id WHERE d.id IS NULL").pluck().get()).toBe(0);
      // Every index of every table has exactly one entry per document of that table.
      const indexes = db
        .prepare("SELECT t.number AS tbl, ix.id AS id, ix.tbl || '.' || ix.name AS name FROM indexes ix JOIN tables t ON t.name = ix.tbl")
        .all() as { tbl: number; id: number; name: string }[];
      const docsIn = db.prepare("SELECT count(*) FROM docs WHERE tbl = ?").pluck();
      const entriesIn = db.prepare("SELECT count(*) FROM idx WHERE key >= ? AND key < ?").pluck();
      const counts = indexes.map(({ tbl, id, name }) => {
        const prefix = Buffer.alloc(4);
        prefix.writeUInt32BE(id);
        return { name, docs: docsIn.get(tbl), entries: entriesIn.get(prefix, Buffer.concat([prefix, Buffer.from([0xff])])) };
      });
      expect(counts.find((c) => c.name === "docs.by_group_seq")?.docs).toBeGreaterThan(0);
      for (const c of counts) expect(c, c.name).toEqual({ name: c.name, docs: c.docs, entries: c.docs });
    } finally {
      db.close();
    }
  }, 180_000);
});

describe("a data file that is not a SQLite database", () => {
  it.each([
    ["random bytes", () => Buffer.from(Array.from({ length: 8192 }, () => Math.floor(Math.random() * 256)))],
    ["a short text file", () => Buffer.from("these are my notes, not a database\n")],
    ["a truncated SQLite header", () => Buffer.concat([Buffer.from("SQLite format 3\0"), Buffer.alloc(84, 0xab)])],
  ])("%s: start-up fails with a clear error and the file is left byte-for-byte unchanged", async (_label, make) => {
    const dataDir = scratchDir("garbage");
    dirs.push(dataDir);
    const file = path.join(dataDir, "convex.sqlite3");
    const bytes = make();
    fs.writeFileSync(file, bytes);
    const before = fs.readdirSync(dataDir).sort();

    const started = startConvexLocal({ dataDir, port: 0, functionsDir: APP });
    await expect(started).rejects.toThrow(/cannot use data file .*convex\.sqlite3/);
    await expect(started).rejects.toThrow(/not a database|file is not|malformed|corrupt/i);
    await expect(started).rejects.toThrow(/left untouched/);

    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    // No journal or WAL was created next to it either.
    expect(fs.readdirSync(dataDir).sort()).toEqual(before);
  });
});
