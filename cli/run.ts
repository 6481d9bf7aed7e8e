import { Command, CommanderError } from "commander";
import { ApiError, client } from "./client";
import type { IO } from "./io";
import { printJson } from "./output";
import { auditCommands } from "./audit";
import { loginCommands } from "./login";
import { tenantCommands } from "./tenant";
import { debugCommands } from "./debug";
import { migrateCommands } from "./migrate";
import { billingCommands } from "./billing";
import { deploymentCommands } from "./deployment";
import { moveCommands } from "./move";

/** Exit codes scripts can trust: 0 done, 1 refused or failed (the message names the field or reason), 2 usage error. */
export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

export function program(io: IO): Command {
  const root = new Command("tenantry")
    .description("Operate Tenantry from a terminal: every command calls the admin API at TENANTRY_URL as TENANTRY_TOKEN.")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText(
      "after",
      "\nEnvironment:\n  TENANTRY_URL    the app (default http://localhost:3000)\n  TENANTRY_TOKEN  a platform staff member's Convex token (else the session of tenantry login)\n  TENANTRY_CONFIG where tenantry login keeps its session (default ~/.config/tenantry/config.json)\n  NO_COLOR        no colour in tables\n",
    );
  loginCommands(root, io);
  tenantCommands(root, { io, api: client(io) });
  auditCommands(root, io);
  debugCommands(root, io, client(io));
  migrateCommands(root, io, client(io));
  billingCommands(root, io, client(io));
  deploymentCommands(root, io, client(io));
  moveCommands(root, io, client(io));
  return root;
}

/** Runs one command line and answers its exit code; never throws and never calls process.exit. */
export async function run(argv: string[], io: IO): Promise<number> {
  const json = argv.includes("--json");
  try {
    await program(io).parseAsync(argv, { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      const done = error.code === "commander.helpDisplayed" || error.code === "commander.help" || error.code === "commander.version";
      return done ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof ApiError) {
      const body = { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) };
      if (json && error.code !== "FINDINGS" && !error.printed) printJson(io, { error: body });
      io.stderr(`Error: ${error.message}${error.field ? ` (field: ${error.field})` : ""}\n`);
      return EXIT.refused;
    }
    io.stderr(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.refused;
  }
}
