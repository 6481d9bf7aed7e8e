/**
 * The email port over SMTP (nodemailer): any provider in the cloud (`SMTP_URL`,
 * e.g. smtps://user:pass@smtp.example.com:465), and the local SMTP server in local
 * mode (lib/local/smtp), so both modes speak the real protocol.
 */
import nodemailer from "nodemailer";
import type { EmailMessage, EmailPort } from "./port";

export function smtpPort(url: string, opts: { maxConnections?: number } = {}): EmailPort {
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: opts.maxConnections ?? 8,
    maxMessages: Infinity,
    // A provider that stalls must fail the attempt (and be retried), not hold the worker.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(m: EmailMessage) {
      await transport.sendMail({
        from: m.from,
        to: m.to,
        subject: m.subject,
        html: m.html,
        text: m.text,
        messageId: m.messageId,
        headers: m.headers,
      });
    },
    close: () => transport.close(),
  };
}
