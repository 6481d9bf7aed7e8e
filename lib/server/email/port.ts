/** The email port: what the outbox worker needs from any mail transport. */
export type EmailMessage = {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  /** The outbox row's id: receivers (and the local mailbox) can tell a redelivery from a new email. */
  messageId: string;
  headers?: Record<string, string>;
};

export interface EmailPort {
  /** Resolves once the server accepted the message; rejects with the server's reason otherwise. */
  send(message: EmailMessage): Promise<void>;
  close(): void;
}
