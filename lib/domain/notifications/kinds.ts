/**
 * The one table of notification kinds: who gets each (by workspace role), through
 * which channels by default, whether a person may switch it off, and how long one
 * is remembered so it is not sent twice (the dedupe window). Convex writers, the
 * notification center, the email templates and docs/notifications.md all read it.
 */
import { QUOTA_KEYS, type QuotaKey } from "../plans";
import type { Role } from "../permissions";

export const CHANNELS = ["inApp", "email"] as const;
export type Channel = (typeof CHANNELS)[number];

/** How long a sent notification suppresses the same one: per month, per day, once ever, or per event (the writer names the event). */
export type DedupeWindow = "month" | "day" | "once" | "event";

export const CATEGORIES = ["billing", "quota", "trial", "team", "workspace", "webhooks"] as const;
export type Category = (typeof CATEGORIES)[number];

/** Which email template renders the kind (lib/server/email/templates). */
export type Template = "welcome" | "invitation" | "notice";

export type KindSpec = {
  title: string;
  category: Category;
  /** Roles that see it in the center and get its email; "invitee" kinds go to one address, not members. */
  audience: readonly Role[] | "invitee";
  /** Default channels; a person may change them unless `required`. */
  defaults: Record<Channel, boolean>;
  /** Billing and the law require it: neither channel can be switched off. */
  required?: boolean;
  /** Also sent to the workspace's billing email (billing kinds). */
  billingEmail?: boolean;
  dedupe: DedupeWindow;
  /** Where the person acts, under /t/[slug] ("" is the overview). */
  link: string;
  /** The email's call to action. */
  action: string;
  template: Template;
  /** Preferences are kept per topic (one switch for all thresholds of one quota, say). */
  topic: string;
};

const OWNERS: readonly Role[] = ["owner"];
const ADMINS: readonly Role[] = ["owner", "admin"];
const both = { inApp: true, email: true };
const inAppOnly = { inApp: true, email: false };

const QUOTA_LABEL: Record<QuotaKey, string> = {
  agents: "Agents",
  monthlyTokens: "Monthly tokens",
  storageBytes: "Storage",
  concurrentSessions: "Concurrent sessions",
  apiCallsPerMinute: "API calls",
};

/** Quota thresholds that notify: 80 and 90 are the plans' soft limits, 95 the alert rule that emails admins. */
export const QUOTA_NOTICE_THRESHOLDS = [80, 90, 95] as const;

/** Soft-limit emails the seed asks for (tokens at 80%, storage at 90%) plus every 95% alert; the rest are in-app by default. */
function quotaEmailsByDefault(key: QuotaKey, threshold: number): boolean {
  return threshold >= 95 || (key === "monthlyTokens" && threshold >= 80) || (key === "storageBytes" && threshold >= 90);
}

function quotaKinds(): Record<string, KindSpec> {
  const out: Record<string, KindSpec> = {};
  for (const key of QUOTA_KEYS)
    for (const t of QUOTA_NOTICE_THRESHOLDS)
      out[`quota.${key}.${t}`] = {
        title: `${QUOTA_LABEL[key]} at ${t}% of the plan`,
        category: "quota",
        audience: ADMINS,
        // 95% is the alert rule's email; the 90% notice already said it in-app.
        defaults: { inApp: t < 95, email: quotaEmailsByDefault(key, t) },
        dedupe: "month",
        link: "/billing",
        action: "Review your plan",
        template: "notice",
        topic: `quota.${key}`,
      };
  return out;
}

const billing = (title: string, extra: Partial<KindSpec> = {}): KindSpec => ({
  title,
  category: "billing",
  audience: OWNERS,
  defaults: both,
  billingEmail: true,
  dedupe: "event",
  link: "/billing",
  action: "Open billing",
  template: "notice",
  topic: "billing",
  ...extra,
});

export const NOTIFICATION_KINDS = {
  welcome: {
    title: "Welcome to your workspace",
    category: "workspace",
    audience: OWNERS,
    defaults: both,
    dedupe: "once",
    link: "",
    action: "Open the setup guide",
    template: "welcome",
    topic: "workspace",
  },
  invitation: {
    title: "You are invited to a workspace",
    category: "team",
    audience: "invitee",
    defaults: { inApp: false, email: true },
    required: true,
    dedupe: "event",
    link: "",
    action: "Accept the invitation",
    template: "invitation",
    topic: "invitation",
  },
  "trial.ends_3d": billing("Trial ends in 3 days", {
    category: "trial",
    dedupe: "once",
    billingEmail: false,
    topic: "trial",
    action: "Choose a plan",
  }),
  "trial.ends_1d": billing("Trial ends tomorrow", {
    category: "trial",
    dedupe: "once",
    billingEmail: false,
    topic: "trial",
    action: "Choose a plan",
  }),
  "trial.ended": billing("Trial ended", {
    category: "trial",
    dedupe: "once",
    billingEmail: false,
    topic: "trial",
    action: "Choose a plan",
  }),
  "billing.trial_will_end": billing("Trial ends soon", { category: "trial", topic: "trial", action: "Review your subscription" }),
  "billing.payment_failed": billing("Payment failed", { required: true, action: "Fix payment", topic: "billing.payment_failed" }),
  "billing.suspended": billing("Workspace suspended for non-payment", {
    required: true,
    action: "Fix payment",
    topic: "billing.payment_failed",
  }),
  "billing.reactivated": billing("Workspace reactivated"),
  "billing.subscription_ended": billing("Subscription ended", { action: "Choose a plan" }),
  "budget.80": billing("80% of the monthly budget used", { dedupe: "month", action: "Raise the budget", topic: "budget" }),
  "budget.90": billing("90% of the monthly budget used", { dedupe: "month", action: "Raise the budget", topic: "budget" }),
  "budget.100": billing("Monthly budget reached", { dedupe: "month", action: "Raise the budget", topic: "budget" }),
  ...quotaKinds(),
  "health.inactive": {
    title: "No agent activity for 30 days",
    category: "workspace",
    audience: ADMINS,
    defaults: both,
    dedupe: "month",
    link: "/agents",
    action: "Get your agents running",
    template: "notice",
    topic: "health.inactive",
  },
  "webhooks.endpoint_disabled": {
    title: "Webhook endpoint disabled",
    category: "webhooks",
    audience: ADMINS,
    defaults: both,
    dedupe: "event",
    link: "/webhooks",
    action: "Review the endpoint",
    template: "notice",
    topic: "webhooks",
  },
  /** The law's side of deleting: owners hear when and until when it can be undone. Its email links to /restore (the workspace's own pages are closed). */
  "workspace.deletion_scheduled": {
    title: "Workspace deleted",
    category: "workspace",
    audience: OWNERS,
    defaults: { inApp: false, email: true },
    required: true,
    dedupe: "event",
    link: "",
    action: "Restore the workspace",
    template: "notice",
    topic: "workspace.deletion",
  },
  /** The erasure is done: sent to the owners captured before their memberships were erased (convex/notifications/farewell.ts). */
  "workspace.deletion_done": {
    title: "Workspace erased",
    category: "workspace",
    audience: OWNERS,
    defaults: { inApp: false, email: true },
    required: true,
    dedupe: "event",
    link: "",
    action: "Open Tenantry",
    template: "notice",
    topic: "workspace.deletion",
  },
  /**
   * A requested data export is built (convex/portal/dataExports.ts): in-app for everyone who may download it
   * (tenant.export), the email to the person who asked; the link works for 7 days.
   */
  "export.ready": {
    title: "Your data export is ready",
    category: "workspace",
    audience: ADMINS,
    defaults: both,
    required: true,
    dedupe: "event",
    link: "/settings",
    action: "Download the export",
    template: "notice",
    topic: "workspace.export",
  },
  "team.member_joined": {
    title: "A member joined",
    category: "team",
    audience: ADMINS,
    defaults: inAppOnly,
    dedupe: "event",
    link: "/team",
    action: "Open the team",
    template: "notice",
    topic: "team",
  },
} as const satisfies Record<string, KindSpec>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export function isNotificationKind(x: string): x is NotificationKind {
  return Object.hasOwn(NOTIFICATION_KINDS, x);
}

/** The spec of a kind; throws for an unknown one, which is a bug in the writer (every kind must be in the table). */
export function kindSpec(kind: string): KindSpec {
  if (!isNotificationKind(kind)) throw new Error(`Unknown notification kind "${kind}": add it to lib/domain/notifications/kinds.ts`);
  return NOTIFICATION_KINDS[kind];
}

export function audienceIncludes(spec: KindSpec, role: Role): boolean {
  return spec.audience !== "invitee" && spec.audience.includes(role);
}

/** One preference topic: its label, the kinds it covers, and whether it can be switched off. */
export type Topic = { topic: string; label: string; kinds: NotificationKind[]; required: boolean; defaults: Record<Channel, boolean> };

/** Preference topics a role can see (only kinds whose audience includes it). */
export function topicsFor(role: Role): Topic[] {
  const byTopic = new Map<string, Topic>();
  for (const [kind, spec] of Object.entries(NOTIFICATION_KINDS) as [NotificationKind, KindSpec][]) {
    if (!audienceIncludes(spec, role)) continue;
    const topic = byTopic.get(spec.topic) ?? {
      topic: spec.topic,
      label: topicLabel(spec),
      kinds: [],
      required: false,
      defaults: { inApp: false, email: false },
    };
    topic.kinds.push(kind);
    topic.required ||= spec.required === true;
    topic.defaults = { inApp: topic.defaults.inApp || spec.defaults.inApp, email: topic.defaults.email || spec.defaults.email };
    byTopic.set(spec.topic, topic);
  }
  return [...byTopic.values()];
}

function topicLabel(spec: KindSpec): string {
  if (spec.topic.startsWith("quota.")) return spec.title.replace(/ at \d+% of the plan$/, " quota");
  const labels: Record<string, string> = {
    billing: "Billing changes",
    "billing.payment_failed": "Payment failures and suspension",
    budget: "Monthly budget",
    trial: "Trial ending",
    workspace: "Workspace news",
    "health.inactive": "Inactivity reminders",
    "workspace.deletion": "Workspace deletion",
    "workspace.export": "Data exports",
    webhooks: "Webhook endpoints",
    team: "Team changes",
  };
  return labels[spec.topic] ?? spec.title;
}

/** A person's stored choices: topic -> channel -> on/off. Missing entries use the defaults. */
export type Preferences = Record<string, Partial<Record<Channel, boolean>>>;

/** Whether `kind` reaches a person through `channel`, given their preferences; required kinds always do. */
export function wants(prefs: Preferences | undefined, kind: string, channel: Channel): boolean {
  const spec = kindSpec(kind);
  if (spec.required) return spec.defaults[channel];
  return prefs?.[spec.topic]?.[channel] ?? spec.defaults[channel];
}

/** The dedupe period of a kind at `now` (UTC): "2026-12", "2026-12-07", "once", or the writer's event key. */
export function dedupePeriod(kind: string, now: number, eventKey?: string): string {
  const spec = kindSpec(kind);
  const iso = new Date(now).toISOString();
  if (spec.dedupe === "month") return iso.slice(0, 7);
  if (spec.dedupe === "day") return iso.slice(0, 10);
  if (spec.dedupe === "once") return "once";
  return eventKey ?? String(now);
}
