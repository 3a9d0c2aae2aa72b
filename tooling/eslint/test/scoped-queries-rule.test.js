// RuleTester cases for `tasklane/scoped-queries`: every way of writing a statement on a
// user-owned table is refused outside its scope module and allowed inside it; tests, migrations
// and the benchmarks are exempt. (lint-config.test.js runs the rule through ESLint as configured.)
// Runs with `node --test` (this package's `test` script).
import { describe, it } from 'node:test';

import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';

import { scopedQueries } from '../rules/scoped-queries.js';
import { SCOPED_TABLES } from '../scoped-tables.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ROOT = '/repo';
const options = [{ root: ROOT }];
const at = (path) => `${ROOT}/${path}`;
const ROUTER = at('packages/api/src/tasks/tasks-router.ts');
const TASK_SCOPE = at('packages/api/src/tasks/task-scope.ts');
const LIST_SCOPE = at('packages/api/src/lists/list-scope.ts');

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
});

/** One refusal of `table` written with `method`, outside its scope module. */
function refused(code, table, method, filename = ROUTER) {
  return {
    code,
    filename,
    options,
    errors: [{ messageId: 'outsideScope', data: { table, method, allowed: allowedFor(table) } }],
  };
}

/** The error names the table's scope modules, as the table map lists them. */
function allowedFor(table) {
  return SCOPED_TABLES[table].join(', ');
}

tester.run('tasklane/scoped-queries', scopedQueries, {
  valid: [
    // The scope modules themselves, in every form.
    { code: "db.selectFrom('tasks').selectAll();", filename: TASK_SCOPE, options },
    {
      code: "client.query('select * from tasks where user_id = $1', [id]);",
      filename: TASK_SCOPE,
      options,
    },
    { code: "sql.raw('delete from lists');", filename: LIST_SCOPE, options },
    { code: "sql.table('lists');", filename: LIST_SCOPE, options },
    { code: 'sql`update tasks set list_id = null`;', filename: LIST_SCOPE, options },
    // Tables nobody owns, and text that names no table.
    { code: "pool.query('select 1');", filename: ROUTER, options },
    { code: "client.query('update jobs set state = $1', ['done']);", filename: ROUTER, options },
    { code: 'client.query(`listen ${channel}`);', filename: ROUTER, options },
    { code: "sql.raw('>');", filename: ROUTER, options },
    { code: "sql.ref('t.list_id');", filename: ROUTER, options },
    // A tRPC caller's `.query` names a procedure, and a regular expression's `.exec` no table.
    { code: "caller.query('tasks.list', { sort: 'due' });", filename: ROUTER, options },
    { code: '/from (\\w+)/.exec(text);', filename: ROUTER, options },
    // Exempt files: tests, test support, migrations, the benchmarks.
    {
      code: "client.query('select * from tasks');",
      filename: at('packages/api/src/tasks/tasks-list.test.ts'),
      options,
    },
    {
      code: "sql.raw('insert into lists values (1)');",
      filename: at('packages/api/src/testing/seed.ts'),
      options,
    },
    {
      code: 'sql`create table lists (id uuid)`;',
      filename: at('packages/db/src/migrations/0012-lists.ts'),
      options,
    },
    {
      code: "client.query('vacuum analyze tasks'); client.query('insert into tasks select 1');",
      filename: at('bench/src/seed.ts'),
      options,
    },
    {
      code: "const SQL = 'select * from sessions'; pool.query(SQL);",
      filename: at('bench/src/baseline/baseline-app.ts'),
      options,
    },
  ],
  invalid: [
    // Kysely's builders, as before.
    refused("db.selectFrom('tasks as t').selectAll();", 'tasks', 'selectFrom'),
    // Driver string queries: pg/PGlite `.query`, PGlite `.exec`, postgres.js `.unsafe`.
    refused(
      "client.query('select * from tasks where id = $1', [id]);",
      'tasks',
      'a string .query()',
    ),
    refused('pool.query(`delete from "lists" where id = ${id}`);', 'lists', 'a string .query()'),
    refused("pglite.exec('truncate tasks');", 'tasks', 'a string .exec()'),
    refused("sql.unsafe('update users set name = $1', [name]);", 'users', 'a string .unsafe()'),
    // The text through a constant, or built with `+`.
    refused(
      "const LIVE = 'select 1 from sessions where id = $1'; pool.query(LIVE, [id]);",
      'sessions',
      'a string .query()',
    ),
    refused(
      "const WHERE = ' where user_id = $1'; client.query('select * from reminders' + WHERE);",
      'reminders',
      'a string .query()',
    ),
    refused("client.query('select * from public.tasks' as string);", 'tasks', 'a string .query()'),
    // sql.raw and CompiledQuery.raw with statement text.
    refused("sql.raw('select * from tasks');", 'tasks', 'sql.raw'),
    refused(
      "CompiledQuery.raw('delete from lists where user_id = $1', [id]);",
      'lists',
      'CompiledQuery.raw',
    ),
    // sql templates, including the forms added with the string queries.
    refused('sql`select id from tasks where user_id = ${id}`;', 'tasks', 'raw sql'),
    // `using` (and a table allowed here beside one that is not: only the other is refused).
    refused(
      'sql<number>`delete from tasks t using lists l where l.id = t.list_id`;',
      'lists',
      'raw sql',
      TASK_SCOPE,
    ),
    refused('sql`truncate table api_keys`;', 'api_keys', 'raw sql'),
    // Names given outright.
    refused("sql.table('lists');", 'lists', 'sql.table'),
    refused("sql.id('public', 'tasks');", 'tasks', 'sql.id'),
    refused("sql.ref('users.email');", 'users', 'sql.ref'),
    // Inside one scope module, another table's query is still refused.
    refused("client.query('select * from lists');", 'lists', 'a string .query()', TASK_SCOPE),
  ],
});
