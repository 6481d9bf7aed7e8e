/**
 * docs/notifications.md's table of kinds, written from the kinds table itself
 * (lib/domain/notifications/kinds.ts); docs.test.ts keeps the document equal to it.
 * Regenerate: `npx tsx tests/notifications/kinds-table.ts`.
 */
import { NOTIFICATION_KINDS, type KindSpec } from "../../lib/domain/notifications/kinds";
import { webhookEventOf } from "../../lib/domain/notifications/webhooks";

const WINDOW: Record<KindSpec["dedupe"], string> = {
  month: "one per calendar month (UTC)",
  day: "one per day (UTC)",
  once: "once per workspace",
  event: "one per event",
};

const yes = (b: boolean | undefined) => (b ? "yes" : "no");

export function kindsTable(): string {
  const rows = (Object.entries(NOTIFICATION_KINDS) as [string, KindSpec][]).map(([kind, s]) => {
    const who = s.audience === "invitee" ? "the invited address" : s.audience.join(", ") + (s.billingEmail ? " + billing email" : "");
    return `| \`${kind}\` | ${s.title} | ${who} | ${yes(s.defaults.inApp)} | ${yes(s.defaults.email)} | ${s.required ? "no (required)" : "yes"} | ${WINDOW[s.dedupe]} | ${webhookEventOf(kind) ? `\`${webhookEventOf(kind)}\`` : "-"} |`;
  });
  return [
    "| Kind | Title | Who gets it | In-app | Email | Can be switched off | Dedupe window | Webhook event |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

if (process.argv[1]?.endsWith("kinds-table.ts")) console.log(kindsTable());
