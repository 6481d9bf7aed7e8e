import { configPath, readConfig, writeConfig } from "./config";
import type { IO } from "./io";
import { LOCAL_ADMIN, localSignIn, tokenFromSession } from "./login";

/** A refusal from the admin API, with its closed code and the field it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** With --json, the command already printed its one document (which holds the refusal). */
    readonly printed = false,
  ) {
    super(message);
  }
}

export const DEFAULT_URL = "http://localhost:3000";

export type Client = (method: string, path: string, body?: unknown) => Promise<unknown>;

export const baseUrl = (io: IO) => (io.env.TENANTRY_URL || readConfig(io)?.url || DEFAULT_URL).replace(/\/+$/, "");

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The credential for `base`: TENANTRY_TOKEN; else what `tenantry login` saved for this
 * URL (a platform token, or a local session traded for a fresh Convex token); else, only
 * for an app on this machine in local mode, a session as the demo admin (local mode's
 * sign-in route answers 404 wherever Clerk is configured, so this cannot reach a real
 * deployment); else none (the API answers 401).
 */
async function tokenFor(io: IO, base: string): Promise<string | undefined> {
  if (io.env.TENANTRY_TOKEN) return io.env.TENANTRY_TOKEN;
  const config = readConfig(io);
  if (config && config.url === base) {
    if (config.token) return config.token;
    if (config.session) {
      const token = await tokenFromSession(io, base, config.session).catch(() => null);
      if (!token) throw new ApiError(401, "UNAUTHENTICATED", `Your session with ${base} has ended; run tenantry login again.`);
      return token;
    }
  }
  if (!LOOPBACK.has(new URL(base).hostname) || io.env.TENANTRY_NO_LOCAL_LOGIN) return undefined;
  const session = await localSignIn(io, base, LOCAL_ADMIN);
  if (!session) return undefined;
  writeConfig(io, { url: base, session, email: LOCAL_ADMIN });
  io.stderr(`Local mode: signed in to ${base} as ${LOCAL_ADMIN} (saved in ${configPath(io)}; tenantry logout forgets it).\n`);
  return (await tokenFromSession(io, base, session)) ?? undefined;
}

/**
 * The admin API at TENANTRY_URL, as the operator whose token is TENANTRY_TOKEN
 * (or the `tenantry login` session). The token is never a flag, so it stays
 * out of shell history and process lists.
 */
export function client(io: IO): Client {
  return async (method, path, body) => {
    const base = baseUrl(io);
    let response: Response;
    let token: string | undefined;
    try {
      token = await tokenFor(io, base);
      response = await io.fetch(`${base}/api/admin/v1/${path}`, {
        method,
        headers: {
          Accept: "application/json",
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError(0, "UNREACHABLE", `Could not reach ${base}; is Tenantry running (npm start) and TENANTRY_URL right?`);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new ApiError(response.status, "INTERNAL", `${base} answered ${response.status} with something other than JSON.`);
    }
    if (!response.ok) {
      const e = (json ?? {}) as { code?: string; message?: string; field?: string };
      throw new ApiError(response.status, e.code ?? "INTERNAL", e.message ?? `HTTP ${response.status}`, e.field);
    }
    return json;
  };
}
