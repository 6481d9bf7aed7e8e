/**
 * Email templates. renderEmail fills a template compiled once with placeholders
 * (lib/server/email/render.tsx); these cases hold it to what React renders with the
 * real values, byte for byte, for every kind and for values built to break a fill-in:
 * markup and quotes, entity look-alikes, `$&` replacement patterns, the placeholder
 * character itself, whitespace runs, control characters, letters whose capitals differ
 * in length (the text part's headings are upper-cased), previews across React Email's
 * 150-character cut, half a surrogate pair, a link whose words spell its own href, and empty values.
 */
import { describe, expect, it } from "vitest";
import {
  fillable,
  fillTemplate,
  renderEmail,
  renderEmailDirect,
  templateOf,
  templateProps,
  type OutboxEmail,
} from "../../lib/server/email/render";
import { NOTIFICATION_KINDS } from "../../lib/domain/notifications/kinds";

const APP = "https://app.example.com";
const KINDS = [...Object.keys(NOTIFICATION_KINDS), "no.such.kind"];
const data = { tenantName: `Acme & "Co" <AI>`, message: "Ann <ann@acme.test> invited you.", path: "/invite/abc.def?x=1&y=2" };

const long = (n: number) => "Ünïcödé 😀 ".repeat(20).slice(0, n);
const CASES: Record<string, OutboxEmail["data"]> = {
  markup: {
    tenantName: `Acme & "Co" <AI> 'x' &amp; &#x27; $& $1 $$`,
    title: `<script>alert("t")</script> & Straße ﬁx ß`,
    message: `Line one\n\n\tline two   <b>bold</b> &lt; \u2063title\u2063 \u2063TITLE\u2063`,
    action: `Open <billing> & "more" › \ud800 half a pair`,
    path: `/t/acme/billing?x=1&y="2"&z=<3>'#frag`,
  },
  whitespace: {
    tenantName: "  \n Acme\u200b\u200bInc \t",
    title: " \f Payment\r\nfailed ",
    message: "\u0000Zero\u0007 controls\u001f and\u000bvertical tab\u007f.",
    action: "  Raise   budget ",
    path: "t/acme/billing",
  },
  previewAt149: { message: long(149) },
  previewAt150: { message: long(150) },
  previewLong: { message: `${"x".repeat(149)}😀 and more after the cut` },
  empty: { tenantName: "", title: "   ", message: "\n", action: "", path: "" },
  notStrings: { tenantName: 42, title: null, message: { a: 1 }, action: ["x"], path: 7 },
  linkSpellsHref: { action: "https://app.example.com/t/acme/billing", path: "/t/acme/billing" },
  linkSpellsHrefSpaced: { action: "https://app.example.com/t/ acme/billing", path: "/t/acme/billing" },
};

describe("email templates", () => {
  it.each(KINDS)("renders %s with the workspace, the message and a working link, escaped in HTML", async (kind) => {
    const { html, text } = await renderEmail({ kind, subject: "s", body: "b", data }, APP);
    expect(html + text).not.toMatch(/\u2063/);
    expect(text).toContain(`Acme & "Co" <AI>`);
    expect(text).toContain("https://app.example.com/invite/abc.def?x=1&y=2");
    expect(html).toContain("Acme &amp; &quot;Co&quot; &lt;AI&gt;");
    expect(html).toContain('href="https://app.example.com/invite/abc.def?x=1&amp;y=2"');
    expect(html).not.toContain("<AI>");
    if (templateOf(kind) !== "welcome") {
      expect(text).toContain("Ann <ann@acme.test> invited you.");
      expect(html).toContain("Ann &lt;ann@acme.test&gt; invited you.");
    }
  });

  describe.each(Object.entries(CASES))("the placeholder fill equals React's render: %s", (_, caseData) => {
    it.each(KINDS)("%s", async (kind) => {
      const email = { kind, subject: "Subject & <s>", body: "Body & <b>", data: caseData };
      const props = templateProps(email, APP);
      const direct = await renderEmailDirect(email, APP);
      // The fast path itself, even where renderEmail would not take it: a difference shows here first.
      const filled = await fillTemplate(templateOf(kind), props);
      if (fillable(props)) expect(filled).toEqual(direct);
      // Only the notice template puts `action` on its button.
      else if (templateOf(kind) === "notice") expect(filled.text).not.toEqual(direct.text);
      expect(await renderEmail(email, APP)).toEqual(direct);
    });
  });

  it("reads values as a person would: whitespace collapsed, never empty", () => {
    const w = templateProps({ kind: "budget.80", subject: "s", body: "b", data: CASES.whitespace }, APP);
    expect(w).toMatchObject({ tenantName: "Acme Inc", title: "Payment failed", action: "Raise budget", href: `${APP}/t/acme/billing` });
    expect(w.message).toBe("Zero controls andvertical tab.");
    const e = templateProps({ kind: "unknown", subject: " ", body: "", data: CASES.empty }, APP);
    expect(e).toMatchObject({
      tenantName: "your workspace",
      title: "Notification",
      message: "Notification",
      action: "Open Tenantry",
      href: `${APP}/`,
    });
  });
});
