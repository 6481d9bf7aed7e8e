/**
 * Where the local SMTP server keeps received mail: one JSON file per message under
 * `<dir>`, named by arrival order, so the mailbox page, tests and the benchmark read
 * exactly what a person would have received.
 */
import fs from "node:fs";
import path from "node:path";

export type ReceivedMail = {
  id: string;
  messageId: string | null;
  from: string;
  /** Envelope recipients (RCPT TO), lower-cased. */
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  receivedAt: number;
};

export function saveMail(dir: string, mail: ReceivedMail) {
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${mail.id}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(mail));
  fs.renameSync(tmp, path.join(dir, `${mail.id}.json`));
}

/** Newest first. */
export function listMail(dir: string): ReceivedMail[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .reverse()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as ReceivedMail);
}

export function getMail(dir: string, id: string): ReceivedMail | null {
  if (!/^[\w-]+$/.test(id)) return null;
  const file = path.join(dir, `${id}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as ReceivedMail) : null;
}

export function clearMail(dir: string) {
  if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) if (f.endsWith(".json")) fs.rmSync(path.join(dir, f));
}
