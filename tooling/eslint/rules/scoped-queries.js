// `tasklane/scoped-queries`: a Kysely query (selectFrom, insertInto, updateTable, deleteFrom)
// on a user-owned table is allowed only in that table's scope module (scoped-tables.js). So is
// raw SQL in a `sql` template that reads or writes one (`from`, `join`, `into`, `update` naming
// it): a raw statement would otherwise be the one way round the rule.
import { relative, resolve } from 'node:path';

import { SCOPE_EXEMPT_FILES, SCOPED_TABLES } from '../scoped-tables.js';

const QUERY_METHODS = new Set(['selectFrom', 'insertInto', 'updateTable', 'deleteFrom']);
const repositoryRoot = resolve(import.meta.dirname, '..', '..', '..');

/** The table a query's first argument names: `'tasks'`, `'tasks as t'`, `['tasks', ...]`. */
function tableNames(argument) {
  if (argument === undefined) return [];
  if (argument.type === 'Literal' && typeof argument.value === 'string') {
    return [argument.value.trim().split(/\s+/)[0]];
  }
  if (argument.type === 'TemplateLiteral' && argument.expressions.length === 0) {
    return [argument.quasis[0].value.cooked.trim().split(/\s+/)[0]];
  }
  if (argument.type === 'ArrayExpression')
    return argument.elements.flatMap((e) => tableNames(e ?? undefined));
  return [];
}

/** The tables a raw `sql` template's text reads or writes: `from tasks t`, `join "lists"`... */
const RAW_TABLE = /\b(?:from|join|into|update)\s+(?:only\s+)?"?([a-z_][a-z0-9_]*)"?/gi;

function rawTableNames(template) {
  const text = template.quasis.map((quasi) => quasi.value.cooked ?? '').join(' ');
  return [...text.matchAll(RAW_TABLE)].map((match) => match[1].toLowerCase());
}

/** `sql\`...\``, and `sql<T>\`...\`` (the type arguments are not part of the tag). */
function isSqlTag(tag) {
  return tag.type === 'Identifier' && tag.name === 'sql';
}

/** @type {import('eslint').Rule.RuleModule} */
export const scopedQueries = {
  meta: {
    type: 'problem',
    docs: { description: 'Query user-owned tables only through their scope module' },
    schema: [
      {
        type: 'object',
        properties: { tables: { type: 'object' }, root: { type: 'string' } },
        additionalProperties: false,
      },
    ],
    messages: {
      outsideScope:
        "Query '{{table}}' through its scope module ({{allowed}}), not with {{method}} here.",
    },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const tables = options.tables ?? SCOPED_TABLES;
    const root = options.root ?? repositoryRoot;
    const file = relative(root, context.filename).replaceAll('\\', '/');
    if (SCOPE_EXEMPT_FILES.some((pattern) => pattern.test(`/${file}`))) return {};
    const check = (node, table, method) => {
      const allowed = tables[table];
      if (allowed === undefined || allowed.includes(file)) return;
      context.report({
        node,
        messageId: 'outsideScope',
        data: { table, method, allowed: allowed.join(', ') },
      });
    };
    return {
      TaggedTemplateExpression(node) {
        if (!isSqlTag(node.tag)) return;
        for (const table of new Set(rawTableNames(node.quasi))) check(node, table, 'raw sql');
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') return;
        const method = callee.property.name;
        if (!QUERY_METHODS.has(method)) return;
        for (const table of tableNames(node.arguments[0])) check(node, table, method);
      },
    };
  },
};

export const tasklanePlugin = {
  meta: { name: 'tasklane' },
  rules: { 'scoped-queries': scopedQueries },
};
