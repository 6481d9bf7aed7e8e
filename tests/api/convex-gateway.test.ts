// The Next side's one Convex gateway: the one decoder of a failed call, and the system
// client's answer when the deployment is down (the runtime API's 503 depends on it).
import http from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { ConvexError } from "convex/values";
import { describe, expect, it } from "vitest";
import { appErrorOf } from "../../lib/domain/errors";
import { BACKEND_UNAVAILABLE, BackendError, isUnreachable } from "../../lib/server/convex/errors";
import { systemConvex } from "../../lib/server/convex/gateway";
import { api } from "../../convex/_generated/api";

describe("appErrorOf", () => {
  it("reads a ConvexError carrying one of the closed codes", () => {
    expect(appErrorOf(new ConvexError({ code: "INVALID", message: "Name is required.", field: "name" }))).toEqual({
      code: "INVALID",
      message: "Name is required.",
      field: "name",
    });
  });

  it("refuses anything else: an unknown code, no message, a plain Error with data, a network failure", () => {
    expect(appErrorOf(new ConvexError({ code: "TEAPOT", message: "no" }))).toBeNull();
    expect(appErrorOf(new ConvexError({ code: "NOT_FOUND" }))).toBeNull();
    expect(appErrorOf(new ConvexError("NOT_FOUND"))).toBeNull();
    expect(appErrorOf(Object.assign(new Error("x"), { data: { code: "NOT_FOUND", message: "x" } }))).toBeNull();
    expect(appErrorOf(new TypeError("fetch failed"))).toBeNull();
    expect(appErrorOf({ name: "ConvexError", data: { code: "NOT_FOUND", message: "x" } })).toBeNull();
  });
});

describe("the system client", () => {
  it("fails as fetch does when nothing listens, so the call reads as an unreachable backend", async () => {
    // A port that was just free: bind, read it, close.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const url = `http://127.0.0.1:${port}`;
    const error = await systemConvex(url, "secret")
      .mutation(api.admin.audit.recordDenied, { slug: "acme", path: "/t/acme", subject: null, email: null })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isUnreachable(error)).toBe(true);
    const classified = BackendError.from(error, url);
    expect(classified).toBeInstanceOf(BackendError);
    expect((classified as BackendError).digest).toBe(BACKEND_UNAVAILABLE);
  });

  it("retries once on a fresh socket when a kept-alive one was closed under it, before any answer", async () => {
    // The server drops the second request on every connection without answering, as a server whose
    // idle timer fired just as the request went out: the client must not report an unreachable backend.
    let seen = 0;
    const server = http.createServer((req, res) => {
      seen += 1;
      const socket = req.socket as typeof req.socket & { served?: number };
      socket.served = (socket.served ?? 0) + 1;
      if (socket.served > 1) return socket.destroy();
      req.resume().on("end", () => {
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ status: "success", value: seen, logLines: [] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const system = systemConvex(`http://127.0.0.1:${port}`, "secret");
      expect(await system.query(api.platform.routing.route, { slug: "acme" })).toBe(1);
      // Goes out on the kept-alive socket, is dropped, and is answered on a new one.
      expect(await system.query(api.platform.routing.route, { slug: "acme" })).toBe(3);
      expect(seen).toBe(3);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
