// Sends one mail over SMTP with nodemailer. Every wait is bounded, well inside a job's lease, so
// an SMTP server that stops answering fails the attempt instead of holding the job.
import nodemailer from 'nodemailer';

export interface SmtpMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable across retries, so a receiver can drop a copy sent again after a crash. */
  messageId: string;
}

export interface SmtpSender {
  send(message: SmtpMessage): Promise<void>;
  close(): void;
}

export function createSmtpSender(url: string): SmtpSender {
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 15_000,
    dnsTimeout: 5_000,
    // No SMTP traffic (addresses, bodies with links) in our logs.
    logger: false,
    debug: false,
  });
  return {
    async send(message) {
      await transport.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
      });
    },
    close() {
      transport.close();
    },
  };
}

/** A Message-ID on the domain of the From address (`<id@domain>`). */
export function messageIdFor(mailId: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return `<${mailId}@${domain}>`;
}
