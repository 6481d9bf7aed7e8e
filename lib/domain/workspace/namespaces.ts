/**
 * Memory namespaces (seed 000): `global`, `project/<name>`, `orchestrator/<agent>`.
 * `workspace/<slug>` is accepted for agents written against the seed's
 * convention, and names the caller's own workspace only: on store it means the
 * workspace-wide namespace (`global`), on recall "all of my namespaces". Any
 * other slug answers like a workspace that does not exist.
 */
const PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const MAX_NAMESPACE = 140;

export type NamespaceRead =
  { ok: true; namespace: string | null } | { ok: false; code: "INVALID" | "NOT_FOUND"; message: string; field: string };

const invalid = (field: string): NamespaceRead => ({
  ok: false,
  code: "INVALID",
  field,
  message: `${field} must be "global", "project/<name>" or "orchestrator/<agent>" (names of letters, digits, ".", "_" or "-", up to 64).`,
});

/**
 * The stored namespace for `given` (null = every namespace of the caller), or why not.
 * `ownSlug` is the caller's workspace, the only one `workspace/<slug>` may name.
 */
export function readNamespace(given: string, ownSlug: string, field = "namespace"): NamespaceRead {
  if (given.length > MAX_NAMESPACE) return invalid(field);
  if (given === "global") return { ok: true, namespace: "global" };
  const slash = given.indexOf("/");
  if (slash < 0) return invalid(field);
  const [kind, rest] = [given.slice(0, slash), given.slice(slash + 1)];
  if (kind === "workspace") {
    if (rest !== ownSlug) return { ok: false, code: "NOT_FOUND", field, message: `No workspace "${rest.slice(0, 64)}" for this key.` };
    return { ok: true, namespace: null };
  }
  if ((kind === "project" || kind === "orchestrator") && PART.test(rest)) return { ok: true, namespace: `${kind}/${rest}` };
  return invalid(field);
}

/** A namespace prefix filter ("project/" or "orchestrator/ta"): the same alphabet, no workspace/. */
export function prefixProblem(prefix: string): string | null {
  if (prefix.length === 0 || prefix.length > MAX_NAMESPACE || !/^[A-Za-z0-9/._-]+$/.test(prefix) || prefix.startsWith("workspace"))
    return 'namespacePrefix must be the start of a namespace, e.g. "project/" or "orchestrator/".';
  return null;
}

/** Tasks' and missions' project: any name, "studio/<id>" (seed 000) included. */
const PROJECT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,63})?$/;
export const projectProblem = (p: string) =>
  PROJECT.test(p) ? null : 'project must be a name like "landing-page" or "studio/acme-corp" (letters, digits, ".", "_", "-").';

/** Agent names (createdBy, assignee, pilot, from, recipient): the seed's `tau`, `pi`, `pi-main`. */
const AGENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const agentNameProblem = (name: string, field: string) =>
  AGENT.test(name) ? null : `${field} must be an agent name of 1 to 64 letters, digits, ".", "_" or "-".`;

/** Message channels: an agent's name, or a named channel such as "#standup". */
export const channelProblem = (c: string) =>
  AGENT.test(c.startsWith("#") ? c.slice(1) : c) ? null : 'channel must be an agent name or a named channel like "#standup".';
