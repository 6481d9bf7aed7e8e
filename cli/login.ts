import type { Command } from "commander";
import { ApiError, baseUrl } from "./client";
import { configPath, removeConfig, writeConfig } from "./config";
import type { IO } from "./io";
import { printJson } from "./output";

const SESSION_COOKIE = "tenantry_session";
/** The demo admin of local mode, used when nothing else is configured (see localSession). */
export const LOCAL_ADMIN = "staff@tenantry.test";

/**
 * Signs in as a demo staff member through the app's local sign-in route, which
 * exists only in local mode (404 where Clerk is configured), and answers the
 * session cookie, or null when the app is not in local mode.
 */
export async function localSignIn(io: IO, url: string, email: string): Promise<string | null> {
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
  if (response.status === 404) return null;
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) throw new ApiError(response.status, "INVALID", body.message ?? `Sign-in failed (HTTP ${response.status}).`, "email");
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new ApiError(response.status, "INTERNAL", "The app did not start a session.");
  return cookie.slice(SESSION_COOKIE.length + 1);
}

/**
 * `tenantry login EMAIL` (local mode only): signs in as that demo staff member and
 * keeps the session; each command then trades it for a five-minute Convex token.
 * `tenantry login --with-token` (any mode): keeps a platform token read from stdin.
 */
export function loginCommands(program: Command, io: IO) {
  program
    .command("login")
    .description("remember a platform token (--with-token, read from stdin), or in local mode sign in as a demo staff member")
    .argument("[email]", "local mode: a demo staff email, e.g. staff@tenantry.test (admin) or support@tenantry.test (read-only)")
    .option("--with-token", "read a platform token (made in the console under Admin > Tokens) from stdin and keep it")
    .option("--json", "print one JSON document")
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  $ tenantry login staff@tenantry.test",
        "  $ TENANTRY_URL=https://tenantry.example.com tenantry login --with-token < token.txt",
        "  $ TENANTRY_URL=http://localhost:3001 tenantry login support@tenantry.test",
        "",
      ].join("\n"),
    )
    .action(async (email: string | undefined, o: { json?: boolean; withToken?: boolean }) => {
      const url = baseUrl(io);
      if (o.withToken) {
        if (!io.readStdin) throw new ApiError(0, "INVALID", "Pipe the token on standard input.", "token");
        const token = (await io.readStdin()).trim();
        if (!/^tnry_pat_[0-9a-f]{64}$/.test(token))
          throw new ApiError(0, "INVALID", "That is not a platform token (tnry_pat_ followed by 64 hex digits).", "token");
        const response = await io
          .fetch(`${url}/api/admin/v1/tenants?limit=1`, { headers: { Authorization: `Bearer ${token}` } })
          .catch(() => null);
        if (!response) throw new ApiError(0, "UNREACHABLE", `Could not reach ${url}; is TENANTRY_URL right?`);
        if (response.status === 401) throw new ApiError(401, "UNAUTHENTICATED", "Invalid, revoked or expired platform token.", "token");
        writeConfig(io, { url, token });
        if (o.json) return printJson(io, { url, config: configPath(io) });
        return io.stdout(`Saved the token for ${url} in ${configPath(io)}.\n`);
      }
      if (!email) throw new ApiError(0, "INVALID", "Give a demo staff email (local mode), or --with-token.", "email");
      const session = await localSignIn(io, url, email);
      if (!session) throw new ApiError(404, "NOT_FOUND", `${url} is not in local mode: use tenantry login --with-token instead.`);
      writeConfig(io, { url, session, email });
      if (o.json) return printJson(io, { url, email, config: configPath(io) });
      io.stdout(`Signed in to ${url} as ${email} (saved in ${configPath(io)}).\n`);
    });

  program
    .command("logout")
    .description("forget the token or session saved by `tenantry login`")
    .option("--json", "print one JSON document")
    .action((o: { json?: boolean }) => {
      const removed = removeConfig(io);
      if (o.json) return printJson(io, { signedOut: removed });
      io.stdout(removed ? "Signed out.\n" : "Not signed in.\n");
    });
}

/** A fresh Convex token for the saved session, or null when it has ended (signed out or expired). */
export async function tokenFromSession(io: IO, url: string, session: string): Promise<string | null> {
  const response = await io.fetch(`${url}/api/local-auth/token`, { headers: { Cookie: `${SESSION_COOKIE}=${session}` } });
  if (!response.ok) return null;
  return ((await response.json()) as { token?: string }).token ?? null;
}
