import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { TenantProvider, useCan, useTenant, type CurrentTenant } from "@/components/tenant/tenant-context";
import { PERMISSIONS, ROLES, can, type Permission, type Role } from "@/lib/domain/permissions";

// The client's tenant context, rendered for real with React's server renderer (no DOM needed).
const tenant = (role: Role): CurrentTenant => ({ slug: "acme", name: "Acme", plan: "pro", status: "active", role, viaStaff: false });

function render(node: ReactNode, value?: CurrentTenant): string {
  return renderToStaticMarkup(value ? createElement(TenantProvider, { tenant: value, children: node }) : node);
}

function ShowTenant() {
  const t = useTenant();
  return `${t.slug}|${t.name}|${t.plan}|${t.status}|${t.role}|${t.viaStaff}`;
}

function ShowCan({ permission }: { permission: Permission }) {
  return String(useCan(permission));
}

describe("TenantProvider / useTenant / useCan", () => {
  test("useTenant returns the tenant the layout provided", () => {
    expect(render(createElement(ShowTenant), tenant("admin"))).toBe("acme|Acme|pro|active|admin|false");
  });

  test("useTenant outside the provider throws an error that names the provider", () => {
    expect(() => render(createElement(ShowTenant))).toThrow(/outside <TenantProvider>/);
    expect(() => render(createElement(ShowCan, { permission: "tenant.read" }))).toThrow(/outside <TenantProvider>/);
  });

  test("useCan answers from the permissions map for every role and permission", () => {
    for (const role of ROLES) {
      for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
        expect(render(createElement(ShowCan, { permission }), tenant(role)), `${role} ${permission}`).toBe(String(can(role, permission)));
      }
    }
    // Spot checks that do not lean on can(): the map's ends.
    expect(render(createElement(ShowCan, { permission: "tenant.delete" }), tenant("admin"))).toBe("false");
    expect(render(createElement(ShowCan, { permission: "tenant.delete" }), tenant("owner"))).toBe("true");
    expect(render(createElement(ShowCan, { permission: "agents.write" }), tenant("viewer"))).toBe("false");
  });
});
