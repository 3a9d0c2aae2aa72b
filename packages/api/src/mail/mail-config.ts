// How mail leaves the process, from plain configuration (the server reads it from SMTP_URL,
// MAIL_FROM and APP_URL).
export type MailTransportConfig =
  /** Deliver over SMTP: `smtp://host:port`, `smtp://user:pass@host:587`, `smtps://…`. */
  | { kind: 'smtp'; url: string }
  /**
   * Development without a mail server: mails stay in the outbox (readable at /dev/mail) and one
   * line per mail, with its subject and link, is logged. Never in production.
   */
  | { kind: 'outbox-only' };

export interface MailConfig {
  transport: MailTransportConfig;
  /** The From header, e.g. `Tasklane <no-reply@example.com>`. */
  from: string;
  /** The public base URL put in links, without a trailing slash. */
  appUrl: string;
}

export const DEFAULT_MAIL_FROM = 'Tasklane <no-reply@localhost>';
export const DEFAULT_APP_URL = 'http://localhost:3000';

export const DEFAULT_MAIL_CONFIG: MailConfig = {
  transport: { kind: 'outbox-only' },
  from: DEFAULT_MAIL_FROM,
  appUrl: DEFAULT_APP_URL,
};

/** `APP_URL/path#token=TOKEN`: in the fragment, a token never reaches a server log or a Referer. */
export function tokenLink(appUrl: string, path: string, token: string): string {
  return `${appUrl.replace(/\/+$/, '')}${path}#token=${encodeURIComponent(token)}`;
}
