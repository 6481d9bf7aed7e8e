/** The provisioner's RegistryWriter on the control plane: platform/registry:registerDeployment with the system secret. */
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import type { SystemConvex } from "@/lib/server/convex/gateway";
import type { RegistryWriter } from "./provisioner";

export function registryWriter(controlPlane: SystemConvex): RegistryWriter {
  return ({ dedicatedTo, ...row }) =>
    controlPlane.mutation(api.platform.registry.registerDeployment, {
      ...row,
      // The provisioner is handed the control plane's own tenant id (ProvisionRequest.tenantId).
      ...(dedicatedTo ? { dedicatedTo: dedicatedTo as Id<"tenants"> } : {}),
    });
}
