// /dev/mail: the mails in the outbox, for development without a mail server (`pnpm dev`,
// `pnpm start` with no SMTP_URL). Registered only outside production: mails hold live links.
import type { FastifyInstance, FastifyReply } from 'fastify';

import { listOutboxMails, readOutboxMail, type OutboxMailSummary } from '@tasklane/api';
import type { Database, Kysely } from '@tasklane/db';

export function registerDevMail(app: FastifyInstance, db: Kysely<Database>): void {
  app.get('/dev/mail', async (_request, reply) => {
    const mails = await listOutboxMails(db);
    const rows = mails.map(
      (mail) =>
        `<li><a href="/dev/mail/${mail.id}">${escapeHtml(mail.subject)}</a> to ${escapeHtml(mail.to)}` +
        ` <small>(${escapeHtml(mail.kind)}, ${mail.createdAt.toISOString()}, ${status(mail)})</small></li>`,
    );
    return sendPage(
      reply,
      'Outbox',
      mails.length === 0 ? '<p>No mail yet.</p>' : `<ol>${rows.join('')}</ol>`,
    );
  });

  // The same, with each message's text and link: what a browser test reads a mail from.
  app.get('/dev/mail.json', async (_request, reply) => {
    const summaries = await listOutboxMails(db);
    const mails = await Promise.all(summaries.map((mail) => readOutboxMail(db, mail.id)));
    void reply.header('cache-control', 'no-store');
    return mails.filter((mail) => mail !== undefined);
  });

  app.get<{ Params: { id: string } }>('/dev/mail/:id', async (request, reply) => {
    const mail = await readOutboxMail(db, request.params.id);
    if (mail === undefined) return reply.code(404).send({ error: 'No such mail' });
    const body = [
      `<p><a href="/dev/mail">All mail</a></p>`,
      `<dl><dt>To</dt><dd>${escapeHtml(mail.to)}</dd><dt>Kind</dt><dd>${escapeHtml(mail.kind)}</dd>`,
      `<dt>Status</dt><dd>${status(mail)}</dd></dl>`,
      mail.link === null ? '' : `<p><a href="${escapeHtml(mail.link)}">Follow the link</a></p>`,
      `<h2>Text</h2><pre style="white-space:pre-wrap">${escapeHtml(mail.text)}</pre>`,
      `<h2>HTML</h2><p><a href="/dev/mail/${mail.id}/html">Open the HTML part</a></p>`,
    ].join('\n');
    return sendPage(reply, mail.subject, body);
  });

  app.get<{ Params: { id: string } }>('/dev/mail/:id/html', async (request, reply) => {
    const mail = await readOutboxMail(db, request.params.id);
    if (mail === undefined) return reply.code(404).send({ error: 'No such mail' });
    return reply
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(mail.html);
  });
}

function status(mail: OutboxMailSummary): string {
  if (mail.sentAt !== null) return 'sent';
  if (mail.failedAt !== null) return 'failed';
  return 'in the outbox';
}

function sendPage(reply: FastifyReply, title: string, body: string): FastifyReply {
  return reply
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Tasklane dev mail</title></head>` +
        `<body style="font-family:system-ui,sans-serif;max-width:760px;margin:0 auto;padding:24px">` +
        `<h1>${escapeHtml(title)}</h1>${body}</body></html>`,
    );
}

function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
