/**
 * Tables for: Notifications, email outbox, alert rules and outbound webhooks (issue 17).
 * Kept in their own module so each area owns its tables; `convex/schema.ts`
 * spreads them into the one schema.
 */
export const notificationTables = {};
