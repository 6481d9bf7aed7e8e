// Any other /api/v1 path: a JSON 404 (never the HTML not-found page), so clients can read it.
import { errorResponse } from "@/lib/server/errors";

const notFound = () => errorResponse({ code: "NOT_FOUND", message: "No such endpoint; see /api/v1/openapi.json." });
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
