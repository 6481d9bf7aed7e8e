import type { IO } from "./io";

/** A refusal from the admin API, with its closed code and the field it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const DEFAULT_URL = "http://localhost:3000";

export type Client = (method: string, path: string, body?: unknown) => Promise<unknown>;

/**
 * The admin API at TENANTRY_URL, as the operator whose token is TENANTRY_TOKEN.
 * The token is read from the environment only, never a flag, so it stays out
 * of shell history and process lists.
 */
export function client(io: IO): Client {
  const base = (io.env.TENANTRY_URL || DEFAULT_URL).replace(/\/+$/, "");
  const token = io.env.TENANTRY_TOKEN;
  return async (method, path, body) => {
    let response: Response;
    try {
      response = await io.fetch(`${base}/api/admin/v1/${path}`, {
        method,
        headers: {
          Accept: "application/json",
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
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
