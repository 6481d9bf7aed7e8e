import { redirect } from "next/navigation";

// GET /docs: the only documentation so far is the runtime API's.
export default function DocsPage() {
  redirect("/docs/api");
}
