import { expect, it } from 'vitest';

import { isUniqueViolation, postgresErrorCode, PG_CHECK_VIOLATION } from './errors';
import { describeEachDatabase } from './testing/describe-each-database';

const argonHash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g';

describeEachDatabase('schema constraints', (database) => {
  it('keeps emails unique whatever their case', async () => {
    const { db } = database();
    await db
      .insertInto('users')
      .values({ email: 'Ada@Example.com', name: 'Ada', password_hash: argonHash })
      .execute();
    const duplicate = db
      .insertInto('users')
      .values({ email: 'ada@EXAMPLE.com', name: 'Other Ada', password_hash: argonHash })
      .execute();
    const error: unknown = await duplicate.catch((caught: unknown) => caught);
    expect(isUniqueViolation(error)).toBe(true);
    const found = await db
      .selectFrom('users')
      .select('name')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', 'ada@example.com'))
      .execute();
    expect(found).toEqual([{ name: 'Ada' }]);
  });

  it('deletes a user’s sessions, refresh tokens and tasks with the user', async () => {
    const { db } = database();
    const user = await db
      .insertInto('users')
      .values({ email: 'cascade@example.com', name: 'Cascade', password_hash: argonHash })
      .returning('id')
      .executeTakeFirstOrThrow();
    const session = await db
      .insertInto('sessions')
      .values({ user_id: user.id, expires_at: new Date(Date.now() + 60_000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('refresh_tokens')
      .values({ token_hash: Buffer.alloc(32, 7), session_id: session.id })
      .execute();
    await db.insertInto('tasks').values({ user_id: user.id, title: 'Survives?' }).execute();

    await db.deleteFrom('users').where('id', '=', user.id).execute();

    const counts = await Promise.all([
      db
        .selectFrom('sessions')
        .where('user_id', '=', user.id)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('refresh_tokens')
        .where('session_id', '=', session.id)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('tasks')
        .where('user_id', '=', user.id)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    expect(counts.map((count) => count.n)).toEqual([0, 0, 0]);
  });

  it.each([
    ['an empty title', { title: '' }],
    ['an untrimmed title', { title: ' padded ' }],
    ['a 201-character title', { title: 'x'.repeat(201) }],
    ['a 5,001-character description', { description: 'x'.repeat(5001) }],
    ['an unknown priority', { priority: 'urgent' as 'high' }],
    ['an upper-case tag', { tags: ['Work'] }],
    ['a duplicated tag', { tags: ['work', 'work'] }],
    ['a 33-character tag', { tags: ['x'.repeat(33)] }],
    ['21 tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }],
  ])('rejects a task with %s', async (_label, fields) => {
    const { db } = database();
    const user = await db
      .insertInto('users')
      .values({
        email: `checks-${crypto.randomUUID()}@example.com`,
        name: 'Checks',
        password_hash: argonHash,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const error: unknown = await db
      .insertInto('tasks')
      .values({ user_id: user.id, title: 'ok', ...fields })
      .execute()
      .catch((caught: unknown) => caught);
    expect(postgresErrorCode(error)).toBe(PG_CHECK_VIOLATION);
    const left = await db.selectFrom('tasks').where('user_id', '=', user.id).selectAll().execute();
    expect(left).toEqual([]);
  });

  it.each([
    ['a password hash that is not argon2id', { password_hash: '$2b$10$abcdefghijklmnopqrstuv' }],
    ['an empty name', { name: '' }],
    ['an email without @', { email: 'nobody.example.com' }],
  ])('rejects a user with %s', async (_label, fields) => {
    const { db } = database();
    const error: unknown = await db
      .insertInto('users')
      .values({
        email: `u-${crypto.randomUUID()}@example.com`,
        name: 'Valid',
        password_hash: argonHash,
        ...fields,
      })
      .execute()
      .catch((caught: unknown) => caught);
    expect(postgresErrorCode(error)).toBe(PG_CHECK_VIOLATION);
  });

  it('maintains updated_at and derives completed and priority_rank', async () => {
    const { db } = database();
    const user = await db
      .insertInto('users')
      .values({ email: 'touch@example.com', name: 'Touch', password_hash: argonHash })
      .returning('id')
      .executeTakeFirstOrThrow();
    const created = await db
      .insertInto('tasks')
      .values({
        user_id: user.id,
        title: 'Touch me',
        priority: 'high',
        created_at: new Date('2026-01-01T00:00:00Z'),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(created.priority_rank).toBe(3);
    expect(created.completed).toBe(false);
    const updated = await db
      .updateTable('tasks')
      .set({ completed_at: new Date() })
      .where('id', '=', created.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(updated.completed).toBe(true);
    expect(updated.updated_at.getTime()).toBeGreaterThanOrEqual(created.updated_at.getTime());
    expect(updated.updated_at.getTime()).toBeGreaterThan(
      new Date('2026-01-01T00:00:00Z').getTime(),
    );
  });
});
