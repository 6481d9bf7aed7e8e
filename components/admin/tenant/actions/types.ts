import type { FunctionReturnType } from "convex/server";
import type { api } from "@/convex/_generated/api";

export type TenantDetail = FunctionReturnType<typeof api.admin.tenantDetail.get>;
export type DetailTenant = TenantDetail["tenant"];
export type DialogProps = { tenant: DetailTenant; open: boolean; onOpenChange(open: boolean): void };
