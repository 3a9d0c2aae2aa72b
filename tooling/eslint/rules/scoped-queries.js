// `tasklane/scoped-queries`: a Kysely query (selectFrom, insertInto, updateTable, deleteFrom)
// on a user-owned table is allowed only in that table's scope module (scoped-tables.js). So is
// raw SQL that reads or writes one, in any of the forms a statement can be written in, since each
// would otherwise be a way round the rule:
// - a `sql` template whose text names it (`from`, `join`, `into`, `update`, `using`, `table`,
//   `truncate`), and `sql.raw(...)` / `CompiledQuery.raw(...)` with such text;
// - `sql.table('tasks')`, `sql.id('tasks')`, `sql.ref('tasks.title')`, which name it outright;
// - a driver's string query, `.query(...)`, `.exec(...)` or `.unsafe(...)` (pg, PGlite,
//   postgres.js), whose text names it, also through a constant or a `+` of strings in the file.
import { relative, resolve } from 'node:path';

import { SCOPE_EXEMPT_FILES, SCOPED_TABLES } from '../scoped-tables.js';

const QUERY_METHODS = new Set(['selectFrom', 'insertInto', 'updateTable', 'deleteFrom']);
/** Drivers' methods that run a statement given as text. */
const STRING_QUERY_METHODS = new Set(['query', 'exec', 'unsafe']);
/** `sql.x(...)` helpers that take statement text, and those that take identifiers. */
const SQL_TEXT_HELPERS = new Set(['raw']);
const SQL_NAME_HELPERS = new Set(['table', 'id', 'ref']);
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

/** The tables statement text reads or writes: `from tasks t`, `join "lists"`, `truncate tasks`... */
const RAW_TABLE =
  /\b(?:from|join|into|update|using|truncate(?:\s+table)?|table)\s+(?:only\s+)?(?:"?public"?\s*\.\s*)?"?([a-z_][a-z0-9_]*)"?/gi;

function rawTableNames(text) {
  return [...text.matchAll(RAW_TABLE)].map((match) => match[1].toLowerCase());
}

/** The text of a template's literal parts (what is interpolated is not statement text). */
function templateText(template) {
  return template.quasis.map((quasi) => quasi.value.cooked ?? '').join(' ');
}

/** `sql\`...\``, and `sql<T>\`...\`` (the type arguments are not part of the tag). */
function isSqlTag(tag) {
  return tag.type === 'Identifier' && tag.name === 'sql';
}

/** The variable `name` refers to from `scope`, or undefined (a global, an import). */
function findVariable(scope, name) {
  for (let current = scope; current !== null; current = current.upper) {
    const variable = current.set.get(name);
    if (variable !== undefined) return variable;
  }
  return undefined;
}

/**
 * The text a statement argument holds when the file says it: a string, a template's literal
 * parts, a `+` of such, or a `const` initialised with one of them.
 */
function staticText(node, scopeOf, depth = 0) {
  if (node === undefined || node === null || depth > 8) return '';
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' ? node.value : '';
    case 'TemplateLiteral':
      return templateText(node);
    case 'BinaryExpression':
      return node.operator === '+'
        ? `${staticText(node.left, scopeOf, depth + 1)} ${staticText(node.right, scopeOf, depth + 1)}`
        : '';
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
      return staticText(node.expression, scopeOf, depth + 1);
    case 'Identifier': {
      const variable = findVariable(scopeOf(node), node.name);
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (definition?.type !== 'Variable' || definition.parent.kind !== 'const') return '';
      return staticText(definition.node.init, scopeOf, depth + 1);
    }
    default:
      return '';
  }
}

/** `sql.raw`, `CompiledQuery.raw`: the object's name and the helper's, if the callee is one. */
function memberCall(callee) {
  if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') return null;
  const object = callee.object.type === 'Identifier' ? callee.object.name : null;
  return { object, method: callee.property.name };
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
    const scopeOf = (node) => context.sourceCode.getScope(node);
    const check = (node, table, method) => {
      const allowed = Object.hasOwn(tables, table) ? tables[table] : undefined;
      if (allowed === undefined || allowed.includes(file)) return;
      context.report({
        node,
        messageId: 'outsideScope',
        data: { table, method, allowed: allowed.join(', ') },
      });
    };
    const checkText = (node, text, method) => {
      for (const table of new Set(rawTableNames(text))) check(node, table, method);
    };
    return {
      TaggedTemplateExpression(node) {
        if (!isSqlTag(node.tag)) return;
        checkText(node, templateText(node.quasi), 'raw sql');
      },
      CallExpression(node) {
        const call = memberCall(node.callee);
        if (call === null) return;
        const [first] = node.arguments;
        if (QUERY_METHODS.has(call.method)) {
          for (const table of tableNames(first)) check(node, table, call.method);
          return;
        }
        if (call.object === 'sql' && SQL_NAME_HELPERS.has(call.method)) {
          // sql.id('public', 'tasks'), sql.ref('tasks.title'): every part is a name.
          const names = node.arguments.flatMap((argument) =>
            staticText(argument, scopeOf).toLowerCase().split('.'),
          );
          for (const name of new Set(names)) check(node, name.trim(), `sql.${call.method}`);
          return;
        }
        const rawHelper =
          (call.object === 'sql' || call.object === 'CompiledQuery') &&
          SQL_TEXT_HELPERS.has(call.method);
        if (rawHelper || STRING_QUERY_METHODS.has(call.method)) {
          const label = rawHelper ? `${call.object}.${call.method}` : `a string .${call.method}()`;
          checkText(node, staticText(first, scopeOf), label);
        }
      },
    };
  },
};

export const tasklanePlugin = {
  meta: { name: 'tasklane' },
  rules: { 'scoped-queries': scopedQueries },
};
