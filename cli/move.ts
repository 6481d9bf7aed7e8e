import type { Command } from "commander";
import type { Client } from "./client";
import type { IO } from "./io";
import { printFields, printJson, printTable } from "./output";
import { examples } from "./help";

type Move = {
  id: string;
  from: string;
  to: string;
  phase: string;
  status: string;
  reverseOf: string | null;
  copiedRows: number;
  caughtUp: number;
  verifyOk: boolean | null;
  freezeMs: number | null;
  retiredRows: number | null;
  error: string | null;
  updatedAt: number;
};

const seg = encodeURIComponent;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `tenantry tenant migrate SLUG --to dedicated|shared[:SHARD]` and `tenantry tenant migrate-status
 * SLUG`: moving a tenant between deployments (docs/scaling.md, "Moving a tenant"). The server runs
 * the move; the CLI asks for each step and shows the record's phase and progress. Call after
 * tenantCommands: both join the existing `tenant` command.
 */
export function moveCommands(program: Command, io: IO, api: Client) {
  const tenant = program.commands.find((c) => c.name() === "tenant");
  if (!tenant) throw new Error("moveCommands needs the tenant command registered first.");

  const show = (slug: string, m: Move) =>
    printFields(io, [
      ["Tenant", slug],
      ["Move", `${m.from} -> ${m.to}${m.reverseOf ? " (reverse)" : ""}`],
      ["Phase", m.phase],
      ["Status", m.status],
      ["Rows copied", m.copiedRows],
      ["Caught up", m.caughtUp],
      ["Verify", m.verifyOk === null ? "-" : m.verifyOk ? "passed" : "differs"],
      ["Write freeze", m.freezeMs === null ? "-" : `${m.freezeMs} ms`],
      ["Error", m.error ?? "-"],
    ]);
  const moves = async (slug: string) => ((await api("GET", `tenants/${seg(slug)}/move`)) as { moves: Move[] }).moves;

  tenant
    .command("migrate")
    .description("move a tenant to another deployment: copy, catch up, verify, switch (reversible until --complete)")
    .argument("<slug>", "the tenant")
    .option("--to <placement>", "dedicated, dedicated:NAME, shared or shared:SHARD")
    .option("--resume", "run a stopped or failed move again from where it stopped")
    .option("--reverse", "move a switched tenant back, with the writes made since the switch")
    .option("--complete", "retire the source copy of a switched move (no reverse after this)")
    .option("--wait", "follow the move until it stops, printing each phase")
    .option("--json", "print one JSON document")
    .addHelpText(
      "after",
      examples([
        "tenantry tenant migrate acme --to dedicated --wait",
        "tenantry tenant migrate acme --reverse",
        "tenantry tenant migrate acme --complete",
      ]),
    )
    .action(
      async (slug: string, o: { to?: string; resume?: boolean; reverse?: boolean; complete?: boolean; wait?: boolean; json?: boolean }) => {
        const actions = [
          o.to ? "start" : null,
          o.resume ? "resume" : null,
          o.reverse ? "reverse" : null,
          o.complete ? "complete" : null,
        ].filter(Boolean);
        if (actions.length !== 1) throw new Error("Say one of --to <placement>, --resume, --reverse or --complete.");
        // The record before asking: a resumed or completed move is the same record, so its first change marks the new run.
        const before = new Map((await moves(slug)).map((m) => [m.id, m.updatedAt]));
        const started = (await api("POST", `tenants/${seg(slug)}/move`, { action: actions[0], ...(o.to ? { to: o.to } : {}) })) as {
          moveId: string;
        };
        const settled = (m: Move) =>
          m.status === "failed" ||
          m.status === "done" ||
          m.status === "reversed" ||
          (m.status === "switched" && m.phase === "switched" && actions[0] !== "complete");
        let last = "";
        for (;;) {
          const m = (await moves(slug)).find((x) => x.id === started.moveId);
          if (!m) throw new Error("The move's record is gone.");
          const line = `${m.phase} ${m.status}`;
          if (!o.json && o.wait && line !== last)
            io.stdout(`${m.phase}: ${m.status} (${m.copiedRows} rows copied, ${m.caughtUp} caught up)\n`);
          last = line;
          if (!o.wait || (m.updatedAt !== before.get(m.id) && settled(m))) {
            if (o.json) return printJson(io, m);
            return show(slug, m);
          }
          await sleep(500);
        }
      },
    );

  tenant
    .command("migrate-status")
    .description("a tenant's moves, newest first: phase, status, progress, write freeze")
    .argument("<slug>", "the tenant")
    .option("--json", "print one JSON document")
    .addHelpText("after", examples(["tenantry tenant migrate-status acme", "tenantry tenant migrate-status acme --json"]))
    .action(async (slug: string, o: { json?: boolean }) => {
      const list = await moves(slug);
      if (o.json) return printJson(io, { slug, moves: list });
      if (!list.length) return void io.stdout(`${slug} has never been moved.\n`);
      printTable(
        io,
        ["Move", "Phase", "Status", "Copied", "Caught up", "Freeze", "Updated", "Error"],
        list.map((m) => [
          `${m.from} -> ${m.to}`,
          m.phase,
          m.status,
          m.copiedRows,
          m.caughtUp,
          m.freezeMs === null ? "-" : `${m.freezeMs} ms`,
          new Date(m.updatedAt).toISOString().slice(0, 19).replace("T", " "),
          m.error ?? "-",
        ]),
      );
    });
}
