import { AreaNotFound } from "@/components/shared/area-not-found";

/**
 * A 404 inside the admin console (a mistyped address, a tenant that no longer exists): it
 * renders under the console's header and navigation, for staff only (the layout sends
 * everyone else to the app-wide 404 before this), and leads back to the tenants.
 */
export default function AdminNotFound() {
  return (
    <AreaNotFound
      title="Not found in the admin console"
      description="No admin page or tenant has this address. Tenants can be found by name or slug in the tenants list."
      back={{ href: "/admin/tenants", label: "Back to all tenants" }}
      other={{ href: "/admin", label: "Platform overview" }}
    />
  );
}
