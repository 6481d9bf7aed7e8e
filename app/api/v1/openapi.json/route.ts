// GET /api/v1/openapi.json: the runtime API's OpenAPI document (public; no key needed to read it).
import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/server/api/openapi";

export function GET() {
  return NextResponse.json(openApiDocument, { headers: { "Cache-Control": "public, max-age=300" } });
}
