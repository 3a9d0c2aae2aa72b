// API keys reach lists only with the lists scopes: lists:read for lists.list, lists:write for
// create, update and delete (specs/contracts/api-keys.md).
import { afterEach, expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import { createKey, keyCaller } from '../api-keys/api-key-test-support';
import { openedServices, signedInTestUser } from '../testing';
import { refusal } from '../testing/auth-test-support';

describeEachDatabase('lists with an API key', (database) => {
  const opened = openedServices(database);
  afterEach(() => opened.closeAll());

  it('needs lists:read to read and lists:write to change; tasks scopes give neither', async () => {
    const api = await opened.open();
    const alice = await signedInTestUser(api);
    const home = await alice.caller.lists.create({ name: 'Home' });
    const keyWith = async (scopes: Parameters<typeof createKey>[2]) =>
      keyCaller(api, (await createKey(api, alice.accessToken, scopes)).secret).caller;
    const tasksOnly = await keyWith({ scopes: ['tasks:read', 'tasks:write'] });
    const reader = await keyWith({ scopes: ['lists:read'] });
    const writer = await keyWith({ scopes: ['lists:write'] });

    const noRead = await refusal(tasksOnly.lists.list());
    expect([noRead.code, noRead.message]).toEqual([
      'FORBIDDEN',
      'This API key does not have the lists:read scope.',
    ]);
    expect((await refusal(tasksOnly.lists.create({ name: 'No' }))).code).toBe('FORBIDDEN');

    expect((await reader.lists.list()).map((list) => list.name)).toEqual(['Home']);
    for (const call of [
      () => reader.lists.create({ name: 'No' }),
      () => reader.lists.update({ id: home.id, version: 1, name: 'No' }),
      () => reader.lists.delete({ id: home.id, tasks: 'delete' }),
    ]) {
      const refused = await refusal(call());
      expect([refused.code, refused.message]).toEqual([
        'FORBIDDEN',
        'This API key does not have the lists:write scope.',
      ]);
    }

    const work = await writer.lists.create({ name: 'Work' });
    await writer.lists.update({ id: work.id, version: 1, color: 'blue' });
    await writer.lists.delete({ id: home.id, tasks: 'move-to-inbox' });
    expect((await refusal(writer.lists.list())).code).toBe('FORBIDDEN');
    expect((await alice.caller.lists.list()).map((list) => [list.name, list.color])).toEqual([
      ['Work', 'blue'],
    ]);
  });
});
