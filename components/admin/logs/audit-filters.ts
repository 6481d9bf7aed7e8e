/**
 * The audit log's filters as URL search params (shared by the page, its CSV
 * export and the filter form): tenant slug, actor email, action, and a UTC
 * day range. `after` is the trail of cursors to the current page.
 */
export type AuditFilters = { tenant: string; actor: string; action: string; from: string; to: string };
type Params = { get(name: string): string | null; getAll(name: string): string[] };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Actions worth picking from a list; any other action can be typed. */
export const KNOWN_ACTIONS = [
  "access.denied",
  "tenant.view_as",
  "workspace.global_view",
  "tenant.suspend",
  "tenant.reactivate",
  "tenant.change_plan",
  "tenant.quota_overrides",
  "tenant.soft_delete",
  "tenant.restore",
  "tenant.retention_override",
  "tenant.hard_delete_requested",
  "tenant.hard_delete",
  "tenant.export",
  "webhook.redeliver",
  "tenant.create",
  "tenant.delete",
];

export function parseAuditFilters(params: Params): AuditFilters & { after: string[] } {
  const day = (name: string) => {
    const v = params.get(name) ?? "";
    return DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : "";
  };
  return {
    tenant: (params.get("tenant") ?? "").trim().slice(0, 64),
    actor: (params.get("actor") ?? "").trim().toLowerCase().slice(0, 254),
    action: (params.get("action") ?? "").trim().slice(0, 80),
    from: day("from"),
    to: day("to"),
    after: params.getAll("after").slice(0, 50),
  };
}

export function auditSearch(f: AuditFilters, after: string[] = []): string {
  const p = new URLSearchParams();
  for (const key of ["tenant", "actor", "action", "from", "to"] as const) if (f[key]) p.set(key, f[key]);
  for (const c of after) p.append("after", c);
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** The admin/audit:list arguments for these filters (days are whole UTC days). */
export function auditArgs(f: AuditFilters) {
  return {
    ...(f.tenant ? { tenantSlug: f.tenant } : {}),
    ...(f.actor ? { actor: f.actor } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.from ? { from: Date.parse(`${f.from}T00:00:00Z`) } : {}),
    ...(f.to ? { to: Date.parse(`${f.to}T23:59:59.999Z`) } : {}),
  };
}
