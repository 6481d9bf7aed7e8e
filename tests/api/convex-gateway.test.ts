// The Next side's one Convex gateway: the one decoder of a failed call, and the system
// client's answer when the deployment is down (the runtime API's 503 depends on it).
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
});
