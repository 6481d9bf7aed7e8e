/**
 * The local SMTP server `npm start` runs (like Mailpit): it accepts any mail over real
 * SMTP (smtp-server) and stores it (./store.ts, parsed with mailparser when read); a small HTTP
 * API serves the stored mail to the app's local mailbox page. `refuse` lets the outage
 * test make it answer 421 (try again later) for a while, as a provider would.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { clearMail, getMail, listMail, saveRaw } from "./store";

export type LocalSmtp = { smtpUrl: string; apiUrl: string; dir: string; received(): number; close(): Promise<void> };

export type LocalSmtpOptions = {
  dir: string;
  port?: number;
  apiPort?: number;
  host?: string;
  /** While this returns true, every message is refused with 421 (temporary). */
  refuse?: () => boolean;
};

export async function startLocalSmtp(opts: LocalSmtpOptions): Promise<LocalSmtp> {
  const host = opts.host ?? "127.0.0.1";
  let seq = 0;
  let received = 0;
  const stamp = Date.now().toString(36);
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      if (opts.refuse?.()) {
        stream.resume();
        stream.on("end", () => callback(Object.assign(new Error("Service not available, try again later"), { responseCode: 421 })));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("error", (e: Error) => callback(e));
      stream.on("end", () => {
        const id = `${stamp}-${String(++seq).padStart(8, "0")}`;
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        saveRaw(opts.dir, { id, from, to, receivedAt: Date.now() }, Buffer.concat(chunks)).then(
          () => {
            received++;
            callback();
          },
          // Not stored means not accepted: the sender keeps it and tries again.
          (e: Error) => callback(Object.assign(e, { responseCode: 451 })),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(opts.port ?? 0, host, () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  // GET /messages, GET /messages/:id, DELETE /messages: the mailbox page's source.
  const api = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://local");
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/messages" && req.method === "GET") {
      void listMail(opts.dir).then(
        (all) =>
          json(
            200,
            all.map(({ html: _html, ...m }) => m),
          ),
        (e: Error) => json(500, { error: e.message }),
      );
      return;
    }
    if (url.pathname === "/messages" && req.method === "DELETE") {
      clearMail(opts.dir);
      return json(200, { ok: true });
    }
    const one = /^\/messages\/([\w-]+)$/.exec(url.pathname);
    if (one && req.method === "GET") {
      void getMail(opts.dir, one[1]).then(
        (mail) => (mail ? json(200, mail) : json(404, { error: "No such message." })),
        (e: Error) => json(500, { error: e.message }),
      );
      return;
    }
    json(404, { error: "Not found." });
  });
  await new Promise<void>((resolve) => api.listen(opts.apiPort ?? 0, host, () => resolve()));
  const apiPort = (api.address() as AddressInfo).port;
  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    apiUrl: `http://${host}:${apiPort}`,
    dir: opts.dir,
    received: () => received,
    close: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => api.close(() => resolve()));
    },
  };
}
