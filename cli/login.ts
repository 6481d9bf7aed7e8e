import type { Command } from "commander";
import { ApiError, baseUrl } from "./client";
import { configPath, removeConfig, writeConfig } from "./config";
import type { IO } from "./io";
import { printJson } from "./output";

const SESSION_COOKIE = "tenantry_session";

/**
 * `tenantry login EMAIL` (local mode only): signs in as that demo staff member
 * through the app's local sign-in route, which exists only in local mode (it
 * answers 404 where Clerk is configured), and keeps the session cookie. Each
 * command then trades it for a five-minute Convex token (client.ts).
 */
export function loginCommands(program: Command, io: IO) {
  program
    .command("login")
    .description("local mode: sign in as a platform staff member of `npm start` and remember the session")
    .argument("<email>", "a demo staff email, e.g. staff@tenantry.test (admin) or support@tenantry.test (read-only)")
    .option("--json", "print one JSON document")
    .addHelpText(
      "after",
      "\nExamples:\n  $ tenantry login staff@tenantry.test\n  $ TENANTRY_URL=http://localhost:3001 tenantry login support@tenantry.test\n",
    )
    .action(async (email: string, o: { json?: boolean }) => {
      const url = baseUrl(io);
      let response: Response;
      try {
        response = await io.fetch(`${url}/api/local-auth/sign-in`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ email }),
        });
      } catch {
        throw new ApiError(0, "UNREACHABLE", `Could not reach ${url}; is Tenantry running (npm start)?`);
      }
      if (response.status === 404)
        throw new ApiError(404, "NOT_FOUND", `${url} is not in local mode: use a platform token in TENANTRY_TOKEN instead.`);
      const body = (await response.json().catch(() => ({}))) as { message?: string };
      if (!response.ok)
        throw new ApiError(response.status, "INVALID", body.message ?? `Sign-in failed (HTTP ${response.status}).`, "email");
      const cookie = response.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
      if (!cookie) throw new ApiError(response.status, "INTERNAL", "The app did not start a session.");
      writeConfig(io, { url, session: cookie.slice(SESSION_COOKIE.length + 1), email });
      if (o.json) return printJson(io, { url, email, config: configPath(io) });
      io.stdout(`Signed in to ${url} as ${email} (saved in ${configPath(io)}).\n`);
    });

  program
    .command("logout")
    .description("forget the session saved by `tenantry login`")
    .action(() => io.stdout(removeConfig(io) ? "Signed out.\n" : "Not signed in.\n"));
}

/** A fresh Convex token for the saved session, or null when it has ended (signed out or expired). */
export async function tokenFromSession(io: IO, url: string, session: string): Promise<string | null> {
  const response = await io.fetch(`${url}/api/local-auth/token`, { headers: { Cookie: `${SESSION_COOKIE}=${session}` } });
  if (!response.ok) return null;
  return ((await response.json()) as { token?: string }).token ?? null;
}
