/**
 * Renders an outbox row to the email people receive: the kind's React Email template
 * (lib/domain/notifications/kinds.ts names it) to HTML and plain text, with the
 * workspace's name and an absolute link back into the app.
 *
 * Rendering React and converting its HTML to text cost ~12 ms an email, which capped
 * the outbox near 40 a second on this machine. So each template is rendered once per
 * shape with placeholder props, and an email fills the placeholders in: escaped as
 * React escapes in the HTML, upper-cased where html-to-text upper-cases (headings) in
 * the text, and the inbox preview rendered by React Email's own Preview (it truncates
 * and pads by length). The result is byte for byte what `renderEmailDirect` gives
 * (tests/notifications/render.test.ts checks it with hostile values); the one shape a
 * placeholder cannot stand for (a button whose words spell its own link, which
 * html-to-text prints once) is rendered directly.
 */
import type { ReactElement } from "react";
import { Preview } from "@react-email/components";
import { render } from "@react-email/render";
import { isNotificationKind, kindSpec, type Template } from "../../domain/notifications/kinds";
import { InvitationEmail, invitationPreview } from "./templates/invitation";
import { NoticeEmail, noticePreview } from "./templates/notice";
import type { TemplateProps } from "./templates/props";
import { WelcomeEmail, welcomePreview } from "./templates/welcome";

type Spec = { component: (p: TemplateProps) => ReactElement; preview: (p: TemplateProps) => string };
const TEMPLATES: Record<Template, Spec> = {
  welcome: { component: WelcomeEmail, preview: welcomePreview },
  invitation: { component: InvitationEmail, preview: invitationPreview },
  notice: { component: NoticeEmail, preview: noticePreview },
};

export type OutboxEmail = { kind: string; subject: string; body: string; data: Record<string, unknown> };

// React's stream is UTF-8: half a surrogate pair arrives as U+FFFD.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A value as a reader meets it: control characters dropped, runs of whitespace (what
 * html-to-text and a browser collapse: space, tab, CR, LF, FF, zero-width space) made
 * one space, none at the ends, half surrogate pairs as U+FFFD. Values are never
 * empty, so every placeholder stands for text (React renders an empty string as
 * nothing, which shifts its markup).
 */
function pick(...candidates: unknown[]): string {
  for (const x of candidates) {
    if (typeof x !== "string") continue;
    const s = x
      .replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g, "")
      .replace(/[ \t\r\n\f\u200b]+/g, " ")
      .replace(/^ | $/g, "")
      .replace(LONE_SURROGATE, "\ufffd");
    if (s) return s;
  }
  return "";
}

export function templateProps(email: OutboxEmail, appUrl: string): TemplateProps {
  const spec = isNotificationKind(email.kind) ? kindSpec(email.kind) : null;
  const path = pick(email.data.path, "/");
  const title = pick(email.data.title, spec?.title, email.subject, "Notification");
  return {
    tenantName: pick(email.data.tenantName, "your workspace"),
    title,
    message: pick(email.data.message, email.body, title),
    action: pick(email.data.action, spec?.action, "Open Tenantry"),
    href: new URL(path.startsWith("/") ? path : `/${path}`, appUrl).toString(),
    required: spec?.required === true,
  };
}

export const templateOf = (kind: string): Template => (isNotificationKind(kind) ? kindSpec(kind).template : "notice");

/** The reference: React renders the template with the real props (HTML, and its text as React Email converts it). */
export async function renderEmailDirect(email: OutboxEmail, appUrl: string): Promise<{ html: string; text: string }> {
  const element = TEMPLATES[templateOf(email.kind)].component(templateProps(email, appUrl));
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}

type Slot = "tenantName" | "title" | "message" | "action" | "href";
const SLOTS: Slot[] = ["tenantName", "title", "message", "action", "href"];
// U+2063 (invisible separator): no template text holds it, and neither React nor html-to-text touches it.
const mark = (name: string) => `\u2063${name}\u2063`;
const HTML_MARKS = new RegExp(`\u2063(${[...SLOTS, "preview"].join("|")})\u2063`, "g");
const TEXT_MARKS = new RegExp(`\u2063(${SLOTS.flatMap((s) => [s, s.toUpperCase()]).join("|")})\u2063`, "g");
const SLOT_OF = new Map<string, Slot>(SLOTS.flatMap((s) => [[s, s] as const, [s.toUpperCase(), s] as const]));

/** React's escaping of text and attribute values (react-dom's escapeTextForBrowser). */
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" })[c]!);

async function previewHtml(text: string): Promise<string> {
  const { renderToStaticMarkup } = await import("react-dom/server");
  // Preview cuts at 150 UTF-16 units, possibly inside a pair: encoded as the stream would encode it.
  return renderToStaticMarkup(<Preview>{text}</Preview>).replace(LONE_SURROGATE, "\ufffd");
}

type Compiled = { html: string; text: string };
const compiled = new Map<string, Promise<Compiled>>();

async function compileTemplate(template: Template, required: boolean): Promise<Compiled> {
  const { component, preview } = TEMPLATES[template];
  const props: TemplateProps = { ...(Object.fromEntries(SLOTS.map((s) => [s, mark(s)])) as Omit<TemplateProps, "required">), required };
  const element = component(props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  // The preview's markup depends on its length, so the whole element is one placeholder.
  const previewMarkup = await previewHtml(preview(props));
  const at = html.indexOf(previewMarkup);
  if (at < 0 || html.indexOf(previewMarkup, at + 1) >= 0) throw new Error(`Email template ${template}: its preview was not found once`);
  return { html: html.slice(0, at) + mark("preview") + html.slice(at + previewMarkup.length), text };
}

function compile(template: Template, required: boolean): Promise<Compiled> {
  const key = `${template}:${required}`;
  let hit = compiled.get(key);
  if (!hit) {
    hit = compileTemplate(template, required);
    hit.catch(() => compiled.delete(key));
    compiled.set(key, hit);
  }
  return hit;
}

/** The placeholder path alone (exported for its test): a compiled template filled with these props. */
export async function fillTemplate(template: Template, props: TemplateProps): Promise<{ html: string; text: string }> {
  const [{ html, text }, preview] = await Promise.all([compile(template, props.required), previewHtml(TEMPLATES[template].preview(props))]);
  return {
    html: html.replace(HTML_MARKS, (_, name: string) => (name === "preview" ? preview : escapeHtml(props[name as Slot]))),
    text: text.replace(TEXT_MARKS, (_, name: string) => {
      const value = props[SLOT_OF.get(name)!];
      return name === name.toUpperCase() ? value.toUpperCase() : value;
    }),
  };
}

/** Whether a placeholder stands for these props: html-to-text prints a link once when its words, run together, spell its href. */
export const fillable = (props: TemplateProps) => props.action.replaceAll(" ", "") !== props.href;

export async function renderEmail(email: OutboxEmail, appUrl: string): Promise<{ html: string; text: string }> {
  const props = templateProps(email, appUrl);
  return fillable(props) ? fillTemplate(templateOf(email.kind), props) : renderEmailDirect(email, appUrl);
}
