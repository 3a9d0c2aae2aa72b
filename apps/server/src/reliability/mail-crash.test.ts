// A server killed (SIGKILL, no shutdown at all) right after it answered requests that queue mail
// loses none of that mail: a restarted server delivers each one, exactly once. The SMTP server is
// down at the time of the kill, so the mails are certainly still waiting (queued, or mid-attempt
// under a lease) when the process dies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSmtpTestServer, type SmtpTestServer } from '@tasklane/api/testing';
import { sql } from '@tasklane/db';

import { spawnServer } from '../testing/spawn-server';
import { fetchTrpc } from '../testing/trpc-http';
import { reportFigures, signUp } from '../testing/test-accounts';
import { serverDatabaseTargets } from './server-databases';

let smtp: SmtpTestServer;
beforeAll(async () => {
  smtp = await startSmtpTestServer();
});
afterAll(async () => {
  await smtp.stop();
});

const VERIFY_SUBJECT = 'Confirm your email address for Tasklane';
const RESET_SUBJECT = 'Reset your Tasklane password';

for (const target of serverDatabaseTargets()) {
  const title = `mail across a SIGKILL [${target.name}]`;
  if (target.skipReason !== undefined) {
    describe.skip(`${title} (skipped: ${target.skipReason})`, () => {
      it('needs its database', () => undefined);
    });
    continue;
  }
  describe(title, () => {
    it('delivers, after a restart, each mail of the requests answered before the kill, once', async () => {
      const database = await target.create();
      const env = { ...database.env, SMTP_URL: smtp.url, APP_URL: 'http://app.test' };
      try {
        smtp.setAvailable(false);
        const first = await spawnServer({ env });
        let email: string;
        try {
          // Sign-up queues a verification mail; the reset request a reset mail.
          ({ email } = await signUp(first.url, 'crash-mail'));
          const reset = await fetchTrpc(first.url, {
            path: 'auth.requestPasswordReset',
            kind: 'mutation',
            input: { email },
          });
          expect(reset.status).toBe(200);
        } finally {
          // Right after the answers, before any graceful step.
          expect(await first.stop('SIGKILL')).toBe(null);
        }
        expect(smtp.mails.filter((mail) => mail.to.includes(email))).toEqual([]);

        smtp.setAvailable(true);
        const restarted = await spawnServer({ env });
        let received;
        try {
          // At most a lease (30 s, if the kill came mid-attempt) plus one backoff step.
          received = await smtp.waitForMails(2, (mail) => mail.to.includes(email), 60_000);
        } finally {
          // A graceful stop: whatever the instance was sending is finished or left for later.
          expect(await restarted.stop('SIGTERM')).toBe(0);
        }
        const mails = smtp.mails.filter((mail) => mail.to.includes(email));
        expect(mails.map((mail) => mail.subject).sort()).toEqual([VERIFY_SUBJECT, RESET_SUBJECT]);
        expect(new Set(mails.map((mail) => mail.messageId)).size).toBe(2);

        const outbox = await database.read((db) =>
          db
            .selectFrom('mail_outbox')
            .innerJoin('jobs', (join) =>
              join.on(sql`mail_outbox.id::text`, '=', sql`jobs.payload->>'mailId'`),
            )
            .select(['mail_outbox.kind', 'mail_outbox.sent_at', 'jobs.state', 'jobs.attempts'])
            .where('mail_outbox.to_address', '=', email)
            .execute(),
        );
        expect(outbox.map((row) => [row.kind, row.state]).sort()).toEqual([
          ['email-verification', 'done'],
          ['password-reset', 'done'],
        ]);
        expect(outbox.every((row) => row.sent_at !== null)).toBe(true);
        reportFigures(title, {
          mailsQueuedBeforeKill: 2,
          mailsDelivered: received.length,
          attempts: outbox.map((row) => row.attempts).join('+'),
        });
      } finally {
        smtp.setAvailable(true);
        await database.destroy();
      }
    }, 180_000);
  });
}
