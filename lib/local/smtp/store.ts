/**
 * Where the local SMTP server keeps received mail: one file per message, `<id>.eml`,
 * holding its envelope (one JSON line) and then the raw message as received. It is
 * parsed with mailparser the first time someone reads it (kept as `<id>.json`).
 * Receiving only writes (one file, asynchronously), so the server keeps up with the
 * outbox without stalling the process it shares; the mailbox page, tests and the
 * benchmark read exactly what a person would have received. Ids sort in arrival order.
 */
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { simpleParser } from "mailparser";

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

type Envelope = { id: string; from: string; to: string[]; receivedAt: number };

const tmpName = (dir: string, id: string) => path.join(dir, `.${id}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);

/** Written under a temporary name and renamed: a listed message is always whole. */
async function writeAtomic(dir: string, name: string, data: Buffer | string) {
  const tmp = tmpName(dir, name);
  await fsp.writeFile(tmp, data);
  await fsp.rename(tmp, path.join(dir, name));
}

export async function saveRaw(dir: string, envelope: Envelope, raw: Buffer) {
  await fsp.mkdir(dir, { recursive: true });
  await writeAtomic(dir, `${envelope.id}.eml`, Buffer.concat([Buffer.from(`${JSON.stringify(envelope)}\n`), raw]));
}

async function parsed(dir: string, id: string): Promise<ReceivedMail> {
  const cache = path.join(dir, `${id}.json`);
  const hit = await fsp.readFile(cache, "utf8").catch(() => null);
  if (hit !== null) return JSON.parse(hit) as ReceivedMail;
  const file = await fsp.readFile(path.join(dir, `${id}.eml`));
  const split = file.indexOf(0x0a);
  const envelope = JSON.parse(file.subarray(0, split).toString("utf8")) as Envelope;
  const mail = await simpleParser(file.subarray(split + 1));
  const out: ReceivedMail = {
    ...envelope,
    messageId: mail.messageId ?? null,
    subject: mail.subject ?? "",
    text: mail.text ?? "",
    html: typeof mail.html === "string" ? mail.html : null,
  };
  await writeAtomic(dir, `${id}.json`, JSON.stringify(out));
  return out;
}

function ids(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => f.slice(0, -".eml".length))
    .sort();
}

/** Every message, newest first. */
export async function listMail(dir: string): Promise<ReceivedMail[]> {
  const out: ReceivedMail[] = [];
  for (const id of ids(dir).reverse()) out.push(await parsed(dir, id));
  return out;
}

export async function getMail(dir: string, id: string): Promise<ReceivedMail | null> {
  if (!/^[\w-]+$/.test(id) || !fs.existsSync(path.join(dir, `${id}.eml`))) return null;
  return parsed(dir, id);
}

export function clearMail(dir: string) {
  if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f), { force: true });
}
