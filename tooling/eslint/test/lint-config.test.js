// The lint rules that keep the boundaries fail on a deliberate violation and pass on good code.
// Runs with `node --test` (this package's `test` script).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('fails on raw sql that reads or writes a scoped table outside its scope module', async () => {
    for (const statement of [
      'sql`select id from tasks where user_id = ${id}`',
      'sql<number>`update reminders set fire_at = now()`',
      'sql`insert into "task_events" (user_id) values (${id})`',
      'sql`select 1 from jobs j join lists l on l.id = j.id`',
    ]) {
      assert.deepEqual(
        await problems(
          `import { sql } from 'kysely'; export const q = (id) => ${statement};`,
          'packages/api/src/root.ts',
          scoped,
        ),
        ['tasklane/scoped-queries'],
        statement,
      );
    }
    const inScope = "import { sql } from 'kysely'; export const q = sql`delete from tasks`;";
    assert.deepEqual(await problems(inScope, 'packages/api/src/tasks/task-scope.ts', scoped), []);
    const unowned =
      "import { sql } from 'kysely'; export const q = sql`update jobs set state = 'done'`;";
    assert.deepEqual(await problems(unowned, 'packages/api/src/root.ts', scoped), []);
    const trigger =
      "import { sql } from 'kysely'; export const up = sql`insert into task_events select 1`;";
    assert.deepEqual(
      await problems(trigger, 'packages/db/src/migrations/0003-task-events.ts', scoped),
      [],
    );
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

  it('keeps lists, and tasks counted or moved with them, in the list scope module', async () => {
    const lists = "export const q = (db) => db.updateTable('lists as l').set({ name: 'x' });";
    for (const path of ['packages/api/src/lists/lists-router.ts', 'packages/api/src/root.ts']) {
      assert.deepEqual(await problems(lists, path, scoped), ['tasklane/scoped-queries'], path);
    }
    assert.deepEqual(await problems(lists, 'packages/api/src/lists/list-scope.ts', scoped), []);
    assert.deepEqual(await problems(query, 'packages/api/src/lists/list-scope.ts', scoped), []);
    assert.deepEqual(await problems(query, 'packages/api/src/lists/lists-router.ts', scoped), [
      'tasklane/scoped-queries',
    ]);
  });
});

describe('layer boundaries (no-restricted-imports)', () => {
  const layer = (name) => ({ 'no-restricted-imports': ['error', LAYER_IMPORTS[name]] });

  it('keeps the web to the client entries of the api', async () => {
    const refused = ['@tasklane/db', '@tasklane/api', '@tasklane/api/testing', '@tasklane/server'];
    const allowed = [
      '@tasklane/api/client',
      '@tasklane/api/contract',
      '@tasklane/api/quick-add',
      '@tasklane/api/schemas',
    ];
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

describe('@typescript-eslint/switch-exhaustiveness-check', () => {
  // The rule needs type information, so the code is linted as a file of a real TypeScript project.
  async function typedProblems(code) {
    const dir = mkdtempSync(join(tmpdir(), 'tasklane-lint-'));
    try {
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ['*.ts'] }),
      );
      writeFileSync(join(dir, 'a.ts'), code);
      const eslint = new ESLint({
        cwd: dir,
        overrideConfigFile: true,
        overrideConfig: [
          {
            files: ['**/*.ts'],
            languageOptions: {
              parser: tseslint.parser,
              parserOptions: { project: './tsconfig.json', tsconfigRootDir: dir },
            },
            plugins: { '@typescript-eslint': tseslint.plugin },
            rules: {
              '@typescript-eslint/switch-exhaustiveness-check': [
                'error',
                { considerDefaultExhaustiveForUnions: true },
              ],
            },
          },
        ],
      });
      const [result] = await eslint.lintFiles(['a.ts']);
      return result.messages.map((message) => message.ruleId);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const union = "type Kind = 'upsert' | 'delete' | 'reset';\n";

  it('fails on a switch over a union that misses a member', async () => {
    const missing = `${union}export function f(k: Kind): number {\n  switch (k) {\n    case 'upsert':\n      return 1;\n    case 'delete':\n      return 2;\n  }\n  return 0;\n}\n`;
    assert.deepEqual(await typedProblems(missing), [
      '@typescript-eslint/switch-exhaustiveness-check',
    ]);
  });

  it('passes when every member has its case', async () => {
    const every = `${union}export function f(k: Kind): number {\n  switch (k) {\n    case 'upsert':\n      return 1;\n    case 'delete':\n      return 2;\n    case 'reset':\n      return 3;\n  }\n}\n`;
    assert.deepEqual(await typedProblems(every), []);
  });
});
