/**
 * Who deleted a workspace decides who may bring it back: an owner's own
 * deletion is restorable by an owner; a deletion by platform staff (abuse,
 * unpaid, legal) only by staff, else an owner could undo the platform's
 * decision with one click. Owners are told it was the platform, why, and
 * whom to write to.
 */
import type { Doc } from "../_generated/dataModel";

/** Where an owner asks about a workspace the platform removed (the status banner names the same address). */
export const PLATFORM_CONTACT = "support@tenantry.test";

export type DeletedBy = "owner" | "staff";

/** Older rows carry no marker: they were deleted by an owner (or with the Clerk organization). */
export const deletedBy = (t: Doc<"tenants">): DeletedBy => t.deletedBy ?? "owner";

/** What an owner is shown about a deleted workspace. */
export function deletionNotice(t: Doc<"tenants">) {
  return deletedBy(t) === "staff"
    ? { deletedBy: "staff" as const, reason: t.deletionReason ?? null, contact: PLATFORM_CONTACT, restorable: false }
    : { deletedBy: "owner" as const, reason: null, contact: null, restorable: true };
}

/** The fields cleared when a workspace comes back, whoever restores it. */
export const CLEARED_ON_RESTORE = {
  deletedAt: undefined,
  hardDeleteAt: undefined,
  restoreStatus: undefined,
  deletedBy: undefined,
  deletionReason: undefined,
} as const;
