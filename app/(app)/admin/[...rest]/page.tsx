import { notFound } from "next/navigation";

// GET /admin/<anything unknown>: the console's own 404 (after the layout's staff check).
export default function UnknownAdminPage(): never {
  notFound();
}
