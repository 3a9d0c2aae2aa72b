import { describe, expect, it } from 'vitest';

import { decodeTaskCursor, encodeTaskCursor, type TaskCursor } from './task-cursor';

const id = '2f1b7c3e-5d4a-4b8e-9c6f-0a1b2c3d4e5f';

describe('task cursor', () => {
  it.each<TaskCursor>([
    { v: 1, s: 'created', o: 'desc', k: ['2026-01-02T03:04:05.678Z', id] },
    { v: 1, s: 'priority', o: 'asc', k: [3, '2026-01-02T03:04:05.678Z', id] },
    { v: 1, s: 'due', o: 'desc', k: [null, id] },
    { v: 1, s: 'title', o: 'asc', k: ['ünïcode "quoted" 50%', id] },
  ])('round-trips a $s cursor as opaque base64url text', (cursor) => {
    const text = encodeTaskCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeTaskCursor(text)).toEqual(cursor);
  });

  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it.each([
    ['not base64url', 'abc$%^'],
    ['base64url of non-JSON', Buffer.from('{nope').toString('base64url')],
    ['an unknown sort', encode({ v: 1, s: 'owner', o: 'asc', k: ['x', id] })],
    [
      'another version',
      encode({ v: 2, s: 'created', o: 'asc', k: ['2026-01-02T03:04:05.678Z', id] }),
    ],
    ['a bad timestamp', encode({ v: 1, s: 'created', o: 'asc', k: ['yesterday', id] })],
    ['a bad id', encode({ v: 1, s: 'created', o: 'asc', k: ['2026-01-02T03:04:05.678Z', 'x'] })],
    [
      'a priority rank out of range',
      encode({ v: 1, s: 'priority', o: 'asc', k: [9, '2026-01-02T03:04:05.678Z', id] }),
    ],
    [
      'a created instant in the year 0000',
      encode({ v: 1, s: 'created', o: 'desc', k: ['0000-01-01T00:00:00.000Z', id] }),
    ],
    [
      'a due instant in the year 0000',
      encode({ v: 1, s: 'due', o: 'asc', k: ['0000-02-29T12:00:00.000Z', id] }),
    ],
    [
      'a priority instant before 1900',
      encode({ v: 1, s: 'priority', o: 'asc', k: [2, '1899-12-31T23:59:59.999Z', id] }),
    ],
    ['a NUL in a title key', encode({ v: 1, s: 'title', o: 'asc', k: ['a\u0000b', id] })],
    ['a lone surrogate in a title key', encode({ v: 1, s: 'title', o: 'asc', k: ['\uD800', id] })],
    ['an extra field', encode({ v: 1, s: 'due', o: 'asc', k: [null, id], user: id })],
    ['a JSON array', encode([1, 2, 3])],
    ['empty text', ''],
  ])('rejects %s', (_, text) => {
    expect(decodeTaskCursor(text)).toBeNull();
  });

  it('accepts the ends of the range tasks can hold', () => {
    for (const instant of ['1900-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      const cursor: TaskCursor = { v: 1, s: 'due', o: 'asc', k: [instant, id] };
      expect(decodeTaskCursor(encodeTaskCursor(cursor))).toEqual(cursor);
    }
  });
});
