// The admin API's OpenAPI document describes exactly the routes the handler serves, and is public.
import { expect, it } from "vitest";
import { adminOpenApiDocument } from "../../lib/server/admin-api/openapi";
import { ROUTES } from "../../lib/server/admin-api/dispatch";
import { GET } from "../../app/api/admin/v1/[...path]/route";

it("every route is in the document, and every documented operation is a route", () => {
  const served = ROUTES.map((r) => `${r.method} /${r.path.replace(/:(\w+)/g, "{$1}")}`).sort();
  const documented = Object.entries(adminOpenApiDocument.paths)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter((k) => k !== "parameters")
        .map((method) => `${method.toUpperCase()} ${path}`),
    )
    .sort();
  expect(documented).toEqual(served);
});

it("is served without a token", async () => {
  const response = await GET(new Request("http://tenantry.test/api/admin/v1/openapi.json"), {
    params: Promise.resolve({ path: ["openapi.json"] }),
  });
  expect(response.status).toBe(200);
  expect((await response.json()).info.title).toBe("Tenantry admin API");
});
