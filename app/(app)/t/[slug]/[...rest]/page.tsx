import { notFound } from "next/navigation";

// GET /t/[slug]/<anything unknown>: the workspace's own 404 (after the layout's membership check).
export default function UnknownWorkspacePage(): never {
  notFound();
}
