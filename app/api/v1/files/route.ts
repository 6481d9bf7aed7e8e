// POST /api/v1/files?name=report.pdf (raw bytes, Content-Type and Content-Length set): stores a file against
// the storage quota (201). At 100% of storage the upload is refused (403 QUOTA_EXCEEDED) before it is stored.
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { errorResponse } from "@/lib/server/errors";
import { callDoor } from "@/lib/server/api/convex";
import { contentTypeProblem, fileNameProblem, MAX_UPLOAD_BYTES } from "@/lib/domain/api/files";
import { json, refused, respond, withApiKey } from "@/lib/server/api/respond";

export async function POST(request: Request) {
  return withApiKey(request, "POST /api/v1/files", async (keyHash) => {
    const name = new URL(request.url).searchParams.get("name") ?? "";
    const nameProblem = fileNameProblem(name);
    if (nameProblem) return errorResponse({ code: "INVALID", message: `${nameProblem} Pass it as ?name=.`, field: "name" });
    const contentType = request.headers.get("content-type") ?? "application/octet-stream";
    const typeProblem = contentTypeProblem(contentType);
    if (typeProblem) return errorResponse({ code: "INVALID", message: typeProblem, field: "Content-Type" });
    const declared = request.headers.get("content-length");
    if (declared === null || !/^\d+$/.test(declared))
      return errorResponse(
        { code: "INVALID", message: "Send Content-Length: the file's size in bytes.", field: "Content-Length" },
        { status: 411 },
      );
    const size = Number(declared);
    if (size > MAX_UPLOAD_BYTES)
      return errorResponse(
        { code: "INVALID", message: `A file must be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB.`, field: "Content-Length" },
        { status: 413 },
      );

    const reserved = await callDoor(api.runtime.files.reserve, keyHash, { name, contentType, size });
    if (!reserved.ok) return refused(reserved);
    const bytes = await request.arrayBuffer();
    if (bytes.byteLength !== size)
      return errorResponse(
        { code: "INVALID", message: `Content-Length said ${size} bytes but ${bytes.byteLength} arrived.`, field: "Content-Length" },
        { status: 400 },
      );
    const upload = await fetch(reserved.value.uploadUrl, { method: "POST", headers: { "Content-Type": contentType }, body: bytes });
    if (!upload.ok) throw new Error(`storage upload failed: HTTP ${upload.status}`);
    const { storageId } = (await upload.json()) as { storageId: Id<"_storage"> };
    const result = await callDoor(api.runtime.files.commit, keyHash, { storageId, name, contentType });
    return respond(result, (value, headers) => json(value, 201, headers));
  });
}
