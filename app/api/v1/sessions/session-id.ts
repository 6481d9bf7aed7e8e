import { errorResponse } from "@/lib/server/errors";

/** A path id that cannot be any session is simply not found (the same answer as another tenant's). */
export function notFoundSession(id: string) {
  return /^[A-Za-z0-9_-]{1,64}$/.test(id)
    ? null
    : errorResponse({ code: "NOT_FOUND", message: "No session with this id in this workspace." });
}
