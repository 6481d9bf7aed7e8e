/**
 * The real `tenantry` program, run in-process against the real admin API
 * handlers (lib/server/admin-api/dispatch.ts, the same table the catch-all
 * route serves) on convex-local. Only the last step of authentication is
 * stood in for: a bearer token names a demo user, who then calls the staff
 * Convex functions with that identity, exactly as a verified Convex token would.
 * The local sign-in routes `tenantry login` uses (which need a Next request for
 * their cookies) are stood in for by two small answers with the same shapes.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ConvexLocalHandle } from "../../lib/local/convex/index";
import { dispatchAdmin } from "../../lib/server/admin-api/dispatch";
import { makeFunctionReference } from "convex/server";
import { platformTokenOperator, PLATFORM_TOKEN_PREFIX, type Operator } from "../../lib/server/admin-api/operator";
import { run } from "../../cli/run";
import type { IO } from "../../cli/io";
import { as, OWNER, STAFF, SUPPORT, SYSTEM_SECRET } from "../admin/support";

export const TOKENS = { staff: "tok-staff", support: "tok-support", owner: "tok-owner" } as const;
const EMAIL_OF: Record<string, string> = { [TOKENS.staff]: STAFF, [TOKENS.support]: SUPPORT, [TOKENS.owner]: OWNER };
export const BASE = "http://tenantry.test";

export type Result = { code: number; stdout: string; stderr: string; json: () => any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Sessions the stand-in sign-in route hands out, by cookie value. */
const SESSIONS: Record<string, string> = { "sess-staff": TOKENS.staff, "sess-support": TOKENS.support };

function localAuth(request: Request, pathname: string): Response {
  if (pathname === "/api/local-auth/sign-in") {
    return new Response(JSON.stringify({ userId: "staff", email: "staff@tenantry.test" }), {
      headers: { "Content-Type": "application/json", "Set-Cookie": "tenantry_session=sess-staff; Path=/; HttpOnly; SameSite=Lax" },
    });
  }
  const session = /tenantry_session=([^;]+)/.exec(request.headers.get("cookie") ?? "")?.[1] ?? "";
  const token = SESSIONS[session];
  return token ? Response.json({ token }) : Response.json({ code: "UNAUTHENTICATED", message: "Sign in first." }, { status: 401 });
}

export function cli(t: ConvexLocalHandle, configDir = fs.mkdtempSync(path.join(os.tmpdir(), "tenantry-cli-"))) {
  const operatorOf = (request: Request, apiPath: string): Operator | null | Promise<Operator> => {
    const match = /^Bearer\s+(\S+)$/.exec(request.headers.get("authorization") ?? "");
    if (!match) return null;
    // Platform tokens take the production path: recorded by admin/tokens:use, then sent as operatorToken with no identity.
    if (match[1].startsWith(PLATFORM_TOKEN_PREFIX))
      return platformTokenOperator(
        match[1],
        request,
        apiPath,
        (args) => t.mutation(makeFunctionReference<"mutation">("admin/tokens:use"), { ...args, secret: SYSTEM_SECRET }),
        t as unknown as Operator,
      );
    const email = EMAIL_OF[match[1]];
    // An unknown token reaches Convex with no identity, as an unverifiable one would be refused there.
    return (email ? as(t, email) : t) as unknown as Operator;
  };
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const pathname = new URL(request.url).pathname;
    if (pathname.startsWith("/api/local-auth/")) return localAuth(request, pathname);
    if (!pathname.startsWith("/api/admin/v1/")) return new Response("not found", { status: 404 });
    const segments = pathname.slice("/api/admin/v1/".length).split("/").map(decodeURIComponent);
    return dispatchAdmin(request, segments, operatorOf);
  }) as typeof globalThis.fetch;

  const configFile = path.join(configDir, "tenantry", "config.json");
  const run1 = async (argv: string[], token: string | null = TOKENS.staff, extra: Partial<IO> = {}): Promise<Result> => {
    let stdout = "";
    let stderr = "";
    const io: IO = {
      fetch,
      stdout: (s) => void (stdout += s),
      stderr: (s) => void (stderr += s),
      env: { TENANTRY_URL: BASE, TENANTRY_CONFIG: configFile, ...(token ? { TENANTRY_TOKEN: token } : {}) },
      isTTY: false,
      prompt: () => Promise.reject(new Error("no terminal in tests")),
      ...extra,
    };
    const code = await run(argv, io);
    return { code, stdout, stderr, json: () => JSON.parse(stdout) };
  };
  return Object.assign(run1, { configFile });
}
