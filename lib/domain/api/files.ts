/** Upload rules for POST /api/v1/files, shared by the route and the Convex functions. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

/** A file name a person can read: 1 to 200 characters, no control characters or path separators. */
export function fileNameProblem(name: string): string | null {
  if (name.length < 1 || name.length > 200) return "name must be 1 to 200 characters.";
  if (/[\u0000-\u001f\u007f/\\]/.test(name)) return "name may not contain control characters, / or \\.";
  return null;
}

export function contentTypeProblem(type: string): string | null {
  return /^[\w.+-]+\/[\w.+-]+(\s*;.{0,80})?$/.test(type) && type.length <= 120
    ? null
    : "Content-Type must be a media type such as application/pdf.";
}
