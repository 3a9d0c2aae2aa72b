// `tasklane/scoped-queries`: a Kysely query (selectFrom, insertInto, updateTable, deleteFrom)
// on a user-owned table is allowed only in that table's scope module (scoped-tables.js).
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
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') return;
        const method = callee.property.name;
        if (!QUERY_METHODS.has(method)) return;
        for (const table of tableNames(node.arguments[0])) {
          const allowed = tables[table];
          if (allowed === undefined || allowed.includes(file)) continue;
          context.report({
            node,
            messageId: 'outsideScope',
            data: { table, method, allowed: allowed.join(', ') },
          });
        }
      },
    };
  },
};

export const tasklanePlugin = {
  meta: { name: 'tasklane' },
  rules: { 'scoped-queries': scopedQueries },
};
