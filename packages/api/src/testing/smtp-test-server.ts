// A real SMTP server on a loopback port for tests: receives what nodemailer sends over TCP and
// parses each message (MIME, encodings) the way a mail client would.
import type { AddressInfo } from 'node:net';

import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { vi } from 'vitest';

export interface ReceivedMail {
  /** Envelope recipients. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export interface SmtpTestServer {
  /** `smtp://127.0.0.1:<port>`: no auth, no TLS, as a local catcher such as Mailpit. */
  readonly url: string;
  readonly port: number;
  /** Every mail received so far, in order. */
  readonly mails: ReceivedMail[];
  /**
   * Waits (bounded, 20 s unless `timeoutMs` says otherwise) until at least `count` mails matching
   * `filter` arrived; returns them.
   */
  waitForMails(
    count: number,
    filter?: (mail: ReceivedMail) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedMail[]>;
  /**
   * Models an outage (`false`) and the recovery (`true`): while unavailable, every connection is
   * greeted with 421 "service not available" and closed. The server keeps its port, so no other
   * test's server can take it and receive what this outage should have refused.
   */
  setAvailable(available: boolean): void;
  stop(): Promise<void>;
}

/** Starts on a free loopback port. */
export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const mails: ReceivedMail[] = [];
  let available = true;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      if (available) {
        callback();
        return;
      }
      callback(Object.assign(new Error('Service not available'), { responseCode: 421 }));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId ?? '',
          });
          callback();
        })
        .catch((error: unknown) => {
          callback(error instanceof Error ? error : new Error(String(error)));
        });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    port: address.port,
    mails,
    async waitForMails(count, filter = () => true, timeoutMs = 20_000) {
      let found: ReceivedMail[] = [];
      await vi.waitFor(
        () => {
          found = mails.filter(filter);
          if (found.length < count) throw new Error(`${found.length} of ${count} mails arrived`);
        },
        { timeout: timeoutMs, interval: 50 },
      );
      return found;
    },
    setAvailable(next) {
      available = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
