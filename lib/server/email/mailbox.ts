/**
 * The local mailbox (local mode only, like Mailpit): the mail the local SMTP server
 * received, read over its HTTP API (LOCAL_MAILBOX_URL, set by `npm start`). Null in
 * cloud mode or when no local server runs, so the page and route answer 404.
 */
import "server-only";
import { getEnv } from "../env";

export type MailSummary = {
  id: string;
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  text: string;
  receivedAt: number;
};
export type Mail = MailSummary & { html: string | null };

export type LocalMailbox = { list(): Promise<MailSummary[]>; get(id: string): Promise<Mail | null>; clear(): Promise<void> };

export function localMailbox(): LocalMailbox | null {
  const base = process.env.LOCAL_MAILBOX_URL?.trim();
  if (getEnv().convex.kind !== "local" || !base) return null;
  const call = async (path: string, init?: RequestInit) => fetch(new URL(path, base), { cache: "no-store", ...init });
  return {
    list: async () => (await (await call("/messages")).json()) as MailSummary[],
    get: async (id) => {
      if (!/^[\w-]+$/.test(id)) return null;
      const res = await call(`/messages/${id}`);
      return res.ok ? ((await res.json()) as Mail) : null;
    },
    clear: async () => {
      await call("/messages", { method: "DELETE" });
    },
  };
}
