// The simulator's Checkout and portal stand-in pages, called as Next calls them (the page function with its params):
// an id that is no stored session, whatever it is ("__proto__", "toString", undecodable text), is the normal 404.
import { vi, describe, it, expect } from "vitest";
vi.mock("server-only", () => ({}));
import { billingEnv, scratchDir } from "./support/world";

billingEnv(scratchDir("pages"), { APP_URL: "http://127.0.0.1:9" });

type Page = (props: { params: Promise<{ id: string }> }) => Promise<unknown>;
const NOT_FOUND = "NEXT_HTTP_ERROR_FALLBACK;404";

async function answer(page: Page, id: string): Promise<string> {
  try {
    await page({ params: Promise.resolve({ id }) });
    return "rendered";
  } catch (error) {
    const digest = (error as { digest?: string }).digest;
    return digest === NOT_FOUND ? "404" : `threw ${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe.each([
  ["GET /checkout/:id", () => import("../../app/(app)/checkout/[id]/page")],
  ["GET /checkout/portal/:id", () => import("../../app/(app)/checkout/portal/[id]/page")],
])("%s", (_, load) => {
  it.each(["__proto__", "toString", "hasOwnProperty", "constructor", "valueOf", "%FF", "cs_test_nope", "bps_nope"])(
    "%s answers the normal 404",
    async (id) => {
      const { default: page } = await load();
      expect(await answer(page as Page, id)).toBe("404");
    },
  );
});
