/**
 * The email settings, parsed once with zod: SMTP_URL (smtp:// or smtps://, the local
 * server in local mode) and EMAIL_FROM. Without SMTP_URL no email leaves: the outbox
 * keeps them pending (staff see them) until a transport is configured.
 */
import { z } from "zod";

const schema = z.object({
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: "should be an smtp:// or smtps:// URL, e.g. smtp://user:pass@smtp.example.com:587" })
    .optional(),
  EMAIL_FROM: z.string().min(3, "should be a sender, e.g. Tenantry <no-reply@example.com>").default("Tenantry <no-reply@tenantry.local>"),
});

export type EmailConfig = { smtpUrl: string | null; from: string };

export function emailConfig(source: Record<string, string | undefined> = process.env): EmailConfig {
  const input = { SMTP_URL: source.SMTP_URL?.trim() || undefined, EMAIL_FROM: source.EMAIL_FROM?.trim() || undefined };
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new Error(`Email settings: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  return { smtpUrl: parsed.data.SMTP_URL ?? null, from: parsed.data.EMAIL_FROM };
}
