// The server's output transformer: produces exactly what `superjson.serialize` produces, so every
// client keeps deserialising with plain superjson, in one pass instead of superjson's walker.
//
// Why: superjson copies the path array and the list of ancestors at every node it visits; for a
// 50-task page that was about a third of the server's CPU (superjson 22% of busy time, the garbage
// collector another 11%). This serializer took `tasks.list` from 1.67 to 1.13 ms of CPU per call
// (-32%, +23-59% req/s in the benchmark; specs/performance.md).
//
// It handles what procedures return: plain objects, arrays, strings, finite numbers, booleans,
// null, valid Dates and undefined. Anything else (Map, Set, BigInt, RegExp, class instances,
// NaN, Infinity, -0, sparse arrays, shared or circular references, keys superjson refuses)
// is handed to superjson itself, so the result is always superjson's.
import superjson from 'superjson';

type SuperJSONResult = ReturnType<typeof superjson.serialize>;
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Annotation = ['Date'] | ['undefined'];

/** Thrown inside the walk when a value needs superjson; never escapes this module. Made once, so
 * a fallback costs no stack capture. */
const FALLBACK = new Error('This value needs superjson');
/** superjson refuses these keys (prototype pollution); it throws the error, not us. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** superjson's path escaping: `a.b` -> `a\.b`, `a\b` -> `a\\b`. */
const escapeKey = (key: string): string =>
  key.includes('.') || key.includes('\\') ? key.replace(/\\/g, '\\\\').replace(/\./g, '\\.') : key;

/**
 * Values sent as they are to many clients (a live event on each of a person's streams), with
 * their output once it has been made. tRPC serialises every event of every stream on its own;
 * these are serialised by the first and reused by the others. Only values that are never changed
 * after they are marked belong here.
 */
const sharedOutputs = new WeakMap<object, SuperJSONResult | null>();

/** Marks a value that will never change as sent to many: its output is made once. */
export function markSharedOutput(value: object): void {
  if (!sharedOutputs.has(value)) sharedOutputs.set(value, null);
}

export function serializeOutput(value: unknown): SuperJSONResult {
  if (typeof value !== 'object' || value === null) return serializeOnce(value);
  const shared = sharedOutputs.get(value);
  if (shared === undefined) return serializeOnce(value);
  if (shared !== null) return shared;
  const output = serializeOnce(value);
  sharedOutputs.set(value, output);
  return output;
}

function serializeOnce(value: unknown): SuperJSONResult {
  let values: Record<string, Annotation> | undefined;
  let rootAnnotation: Annotation | undefined;
  // Every object seen in this value: a second sighting is a shared reference, which superjson
  // records in `referentialEqualities`.
  const seen = new Set<object>();

  // Paths are built only for containers and annotated leaves; most leaves never need one.
  const pathOf = (parent: string | undefined, key: string | undefined): string | undefined =>
    key === undefined ? parent : parent === undefined ? key : `${parent}.${key}`;
  const annotate = (
    parent: string | undefined,
    key: string | undefined,
    annotation: Annotation,
  ): void => {
    const path = pathOf(parent, key);
    if (path === undefined) rootAnnotation = annotation;
    else (values ??= {})[path] = annotation;
  };

  const walk = (input: unknown, parent: string | undefined, key: string | undefined): Json => {
    switch (typeof input) {
      case 'string':
      case 'boolean':
        return input;
      case 'number':
        if (Number.isFinite(input) && !Object.is(input, -0)) return input;
        throw FALLBACK;
      case 'undefined':
        annotate(parent, key, ['undefined']);
        return null;
      case 'object':
        break;
      default:
        throw FALLBACK;
    }
    if (input === null) return null;
    if (seen.has(input)) throw FALLBACK;
    seen.add(input);
    if (input instanceof Date) {
      if (Number.isNaN(input.getTime())) throw FALLBACK;
      annotate(parent, key, ['Date']);
      return input.toISOString();
    }
    const path = pathOf(parent, key);
    if (Array.isArray(input)) {
      const output: Json[] = new Array<Json>(input.length);
      for (let index = 0; index < input.length; index++) {
        if (!(index in input)) throw FALLBACK;
        output[index] = walk(input[index], path, String(index));
      }
      return output;
    }
    const prototype: unknown = Object.getPrototypeOf(input);
    if (prototype !== Object.prototype && prototype !== null) throw FALLBACK;
    const record = input as Record<string, unknown>;
    const output: Record<string, Json> = {};
    for (const name of Object.keys(record)) {
      if (FORBIDDEN_KEYS.has(name)) throw FALLBACK;
      output[name] = walk(record[name], path, escapeKey(name));
    }
    return output;
  };

  let json: Json;
  try {
    json = walk(value, undefined, undefined);
  } catch (error) {
    if (error === FALLBACK) return superjson.serialize(value);
    throw error;
  }
  const annotations = rootAnnotation ?? values;
  return annotations === undefined ? { json } : { json, meta: { values: annotations, v: 1 } };
}
