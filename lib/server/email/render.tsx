/**
 * Renders an outbox row to the email people receive: the kind's React Email template
 * (lib/domain/notifications/kinds.ts names it) to HTML and plain text, with the
 * workspace's name and an absolute link back into the app.
 */
import type { ReactElement } from "react";
import { render } from "@react-email/render";
import { isNotificationKind, kindSpec, type Template } from "../../domain/notifications/kinds";
import { InvitationEmail } from "./templates/invitation";
import { NoticeEmail } from "./templates/notice";
import type { TemplateProps } from "./templates/props";
import { WelcomeEmail } from "./templates/welcome";

const TEMPLATES: Record<Template, (p: TemplateProps) => ReactElement> = {
  welcome: WelcomeEmail,
  invitation: InvitationEmail,
  notice: NoticeEmail,
};

export type OutboxEmail = { kind: string; subject: string; body: string; data: Record<string, unknown> };

const str = (x: unknown, fallback: string) => (typeof x === "string" && x ? x : fallback);

export function templateProps(email: OutboxEmail, appUrl: string): TemplateProps {
  const spec = isNotificationKind(email.kind) ? kindSpec(email.kind) : null;
  const path = str(email.data.path, "/");
  return {
    tenantName: str(email.data.tenantName, "your workspace"),
    title: str(email.data.title, spec?.title ?? email.subject),
    message: str(email.data.message, email.body),
    action: str(email.data.action, spec?.action ?? "Open Tenantry"),
    href: new URL(path.startsWith("/") ? path : `/${path}`, appUrl).toString(),
    required: spec?.required === true,
  };
}

export async function renderEmail(email: OutboxEmail, appUrl: string): Promise<{ html: string; text: string }> {
  const template = isNotificationKind(email.kind) ? kindSpec(email.kind).template : "notice";
  const element = TEMPLATES[template](templateProps(email, appUrl));
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}
