import { randomUUID } from 'node:crypto';

import { afterEach, expect, it, vi } from 'vitest';

import { queueMail, renderMail } from '@tasklane/api';
import { startSmtpTestServer, testAuthConfig, type SmtpTestServer } from '@tasklane/api/testing';
import { sql } from '@tasklane/db';
import { describeEachDatabase } from '@tasklane/db/testing';

import { buildTestApp } from './testing/test-app';

const servers: SmtpTestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

function testMail(to: string) {
  return {
    kind: 'test',
    to,
    userId: undefined,
    ...renderMail({
      subject: 'Reset your password',
      paragraphs: ['Someone asked to reset the password of this account.'],
      action: {
        label: 'Choose a new password',
        url: 'http://localhost:3000/reset-password#token=abc',
      },
    }),
  };
}

describeEachDatabase('mail from the server', (database) => {
  it('outside production, /dev/mail lists the outbox and shows each mail, text and HTML', async () => {
    const app = await buildTestApp(database(), { jobs: false });
    const to = `dev-${randomUUID()}@example.com`;
    const id = await queueMail(database().db, testMail(to));

    const list = await app.inject({ method: 'GET', url: '/dev/mail' });
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-type']).toContain('text/html');
    expect(list.body).toContain(`href="/dev/mail/${id}"`);
    expect(list.body).toContain(to);

    const page = await app.inject({ method: 'GET', url: `/dev/mail/${id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Someone asked to reset the password of this account.');
    expect(page.body).toContain('href="http://localhost:3000/reset-password#token=abc"');

    const html = await app.inject({ method: 'GET', url: `/dev/mail/${id}/html` });
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('<a href="http://localhost:3000/reset-password#token=abc"');

    const json = await app.inject({ method: 'GET', url: '/dev/mail.json' });
    const mails = json.json<{ id: string; link: string; text: string }[]>();
    expect(mails.find((mail) => mail.id === id)).toMatchObject({
      link: 'http://localhost:3000/reset-password#token=abc',
    });

    expect((await app.inject({ method: 'GET', url: `/dev/mail/${randomUUID()}` })).statusCode).toBe(
      404,
    );
    expect((await app.inject({ method: 'GET', url: '/dev/mail/not-an-id' })).statusCode).toBe(404);
    await app.close();
  });

  it('in production there is no /dev/mail', async () => {
    const app = await buildTestApp(database(), {
      auth: { ...testAuthConfig, production: true },
      jobs: false,
    });
    for (const url of ['/dev/mail', '/dev/mail.json', `/dev/mail/${randomUUID()}`]) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(404);
    }
    await app.close();
  });

  it('the server delivers queued mail over SMTP with its own job runner', async () => {
    const smtp = await startSmtpTestServer();
    servers.push(smtp);
    const app = await buildTestApp(database(), {
      mail: {
        transport: { kind: 'smtp', url: smtp.url },
        from: 'Tasklane <no-reply@tasklane.test>',
        appUrl: 'http://localhost:3000',
      },
      jobs: { pollIntervalMs: 20 },
    });
    const to = `smtp-${randomUUID()}@example.com`;
    await queueMail(database().db, testMail(to));
    const [mail] = await smtp.waitForMails(1, (received) => received.to.includes(to));
    expect(mail?.subject).toBe('Reset your password');
    await app.close();
  });

  it('an SMTP outage affects neither /readyz nor requests', async () => {
    const smtp = await startSmtpTestServer();
    servers.push(smtp);
    smtp.setAvailable(false);
    const app = await buildTestApp(database(), {
      mail: {
        transport: { kind: 'smtp', url: smtp.url },
        from: 'Tasklane <no-reply@tasklane.test>',
        appUrl: 'http://localhost:3000',
      },
      jobs: { pollIntervalMs: 20 },
    });
    const to = `outage-${randomUUID()}@example.com`;
    const id = await queueMail(database().db, testMail(to));
    // The delivery was tried and failed.
    await vi.waitFor(
      async () => {
        const { rows } = await sql<{ attempts: number }>`
          select attempts from jobs where payload->>'mailId' = ${id} and state = 'pending'`.execute(
          database().db,
        );
        expect(rows[0]?.attempts).toBe(1);
      },
      { timeout: 20_000, interval: 50 },
    );
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });
});
