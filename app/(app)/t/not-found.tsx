import { headers } from "next/headers";
import AppNotFound from "@/app/not-found";
import { PATH_HEADER } from "@/lib/server/auth/redirect";
import { getTenantForUser } from "@/lib/server/tenancy";
import WorkspaceNotFound from "./[slug]/not-found";
import { WorkspaceShell } from "./[slug]/workspace-shell";

/**
 * The 404s the workspace layout itself answers (app/(app)/t/[slug]/layout.tsx): those render
 * here, one level up. A member asking for an address inside their workspace that names
 * nothing gets the workspace's 404 in the workspace's frame; anyone else (an unknown
 * workspace, or one they are not a member of) the one app-wide page, so nothing tells them
 * apart. The tenant lookup is the layout's, memoized for the request.
 */
export default async function WorkspaceLevelNotFound() {
  const path = (await headers()).get(PATH_HEADER) ?? "";
  const slug = /^\/t\/([^/?#]+)/.exec(path)?.[1];
  let tenant = null;
  try {
    tenant = slug ? await getTenantForUser(decodeURIComponent(slug)) : null;
  } catch {
    // A slug that does not decode, or a lookup that failed: the app-wide page, which names nothing.
  }
  if (!tenant) return <AppNotFound />;
  return (
    <WorkspaceShell tenant={tenant}>
      <WorkspaceNotFound />
    </WorkspaceShell>
  );
}
