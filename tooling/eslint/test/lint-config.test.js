// The lint rules that keep the boundaries fail on a deliberate violation and pass on good code.
// Runs with `node --test` (this package's `test` script); no type information is needed here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

import { LAYER_IMPORTS } from '../boundaries.js';
import { tasklanePlugin } from '../rules/scoped-queries.js';

const ROOT = '/repo';

/** Lints `code` as the file `path` (from the repository root) with only the rules under test. */
async function problems(code, path, rules) {
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts', '**/*.tsx'],
        languageOptions: { parser: tseslint.parser },
        plugins: { tasklane: tasklanePlugin, '@typescript-eslint': tseslint.plugin },
        rules,
      },
    ],
  });
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${path}` });
  return result.messages.map((message) => message.ruleId);
}

const scoped = { 'tasklane/scoped-queries': ['error', { root: ROOT }] };

describe('tasklane/scoped-queries', () => {
  const query = "export const q = (db) => db.selectFrom('tasks').selectAll().where('id', '=', 1);";

  it('fails on a query of a scoped table outside its scope module', async () => {
    assert.deepEqual(await problems(query, 'packages/api/src/tasks/tasks-router.ts', scoped), [
      'tasklane/scoped-queries',
    ]);
    for (const call of [
      "db.insertInto('users').values({})",
      "db.updateTable('sessions as s').set({})",
      'db.deleteFrom(`refresh_tokens`)',
    ]) {
      assert.deepEqual(
        await problems(`export const q = (db) => ${call};`, 'packages/api/src/root.ts', scoped),
        ['tasklane/scoped-queries'],
        call,
      );
    }
  });

  it('passes in the scope module, in tests, and on tables nobody owns', async () => {
    assert.deepEqual(await problems(query, 'packages/api/src/tasks/task-scope.ts', scoped), []);
    assert.deepEqual(
      await problems(query, 'packages/api/src/tasks/tasks-list.test.ts', scoped),
      [],
    );
    const unowned = "export const q = (db) => db.selectFrom('rate_limits').selectAll();";
    assert.deepEqual(await problems(unowned, 'packages/api/src/root.ts', scoped), []);
  });
});

describe('layer boundaries (no-restricted-imports)', () => {
  const layer = (name) => ({ 'no-restricted-imports': ['error', LAYER_IMPORTS[name]] });

  it('keeps the web to the client entries of the api', async () => {
    const refused = ['@tasklane/db', '@tasklane/api', '@tasklane/api/testing', '@tasklane/server'];
    const allowed = ['@tasklane/api/client', '@tasklane/api/contract', '@tasklane/api/schemas'];
    for (const source of [...refused, ...allowed]) {
      const code = `import { x } from '${source}';\nexport { x };`;
      const expected = refused.includes(source) ? ['no-restricted-imports'] : [];
      assert.deepEqual(await problems(code, 'apps/web/src/a.ts', layer('web')), expected, source);
    }
  });

  it('keeps Fastify out of the api and our packages out of the db', async () => {
    const code = (source) => `import x from '${source}';\nexport { x };`;
    assert.deepEqual(await problems(code('fastify'), 'packages/api/src/a.ts', layer('api')), [
      'no-restricted-imports',
    ]);
    assert.deepEqual(
      await problems(code('@tasklane/db'), 'packages/api/src/a.ts', layer('api')),
      [],
    );
    assert.deepEqual(await problems(code('@tasklane/api'), 'packages/db/src/a.ts', layer('db')), [
      'no-restricted-imports',
    ]);
    assert.deepEqual(await problems(code('kysely'), 'packages/db/src/a.ts', layer('db')), []);
  });
});

describe('max-params', () => {
  const rules = { 'max-params': ['error', 3] };

  it('fails on a fourth parameter and passes on three', async () => {
    const four = 'export function f(a, b, c, d) { return [a, b, c, d]; }';
    const three = 'export function f(a, b, c) { return [a, b, c]; }';
    assert.deepEqual(await problems(four, 'packages/api/src/a.ts', rules), ['max-params']);
    assert.deepEqual(await problems(three, 'packages/api/src/a.ts', rules), []);
  });
});
