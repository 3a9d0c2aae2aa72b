import { describe, expect, it } from 'vitest';

import {
  searchWords,
  taskCreateInput,
  taskListInput,
  taskStatsInput,
  taskTagsSchema,
  taskTitleSchema,
  taskUpdateInput,
  timeZoneSchema,
} from './task-schemas';
import { BROKEN_CHARACTER_MESSAGE } from '../text-rules';

const id = '2f1b7c3e-5d4a-4b8e-9c6f-0a1b2c3d4e5f';

describe('task input schemas', () => {
  it('trims titles and measures them after trimming', () => {
    expect(taskTitleSchema.parse('  Buy milk \n')).toBe('Buy milk');
    expect(taskTitleSchema.parse(` ${'x'.repeat(200)} `)).toHaveLength(200);
    expect(taskTitleSchema.safeParse(' \t ').success).toBe(false);
    expect(taskTitleSchema.safeParse('x'.repeat(201)).success).toBe(false);
  });

  it('trims, lower-cases and de-duplicates tags, keeping first order', () => {
    expect(taskTagsSchema.parse([' Work', 'home ', 'WORK', 'home', 'Q2'])).toEqual([
      'work',
      'home',
      'q2',
    ]);
    expect(taskTagsSchema.safeParse(['x'.repeat(33)]).success).toBe(false);
    expect(taskTagsSchema.safeParse(['   ']).success).toBe(false);
    expect(taskTagsSchema.safeParse(Array.from({ length: 21 }, (_, i) => `t${i}`)).success).toBe(
      false,
    );
  });

  it('fills create defaults: medium priority, empty description, no due date, no tags, the Inbox', () => {
    expect(taskCreateInput.parse({ title: 'A' })).toEqual({
      title: 'A',
      description: '',
      priority: 'medium',
      dueAt: null,
      tags: [],
      listId: null,
      recurrence: null,
    });
  });

  it('rejects unknown fields instead of ignoring them', () => {
    const result = taskCreateInput.safeParse({ title: 'A', userId: id });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
    expect(taskListInput.safeParse({ userId: id }).success).toBe(false);
    expect(taskUpdateInput.safeParse({ id, version: 1, title: 'x', owner: 'me' }).success).toBe(
      false,
    );
  });

  it('accepts the forward paging direction tRPC infinite queries send, and nothing else', () => {
    expect(taskListInput.safeParse({ cursor: null, direction: 'forward' }).success).toBe(true);
    expect(taskListInput.safeParse({ direction: 'backward' }).success).toBe(false);
  });

  it('requires a version and at least one change on update', () => {
    expect(taskUpdateInput.safeParse({ id, title: 'x' }).success).toBe(false);
    expect(taskUpdateInput.safeParse({ id, version: 0, title: 'x' }).success).toBe(false);
    expect(taskUpdateInput.safeParse({ id, version: 1 }).success).toBe(false);
    expect(taskUpdateInput.safeParse({ id, version: 1, title: undefined }).success).toBe(false);
    expect(taskUpdateInput.parse({ id, version: 3, dueAt: null })).toEqual({
      id,
      version: 3,
      dueAt: null,
    });
  });

  it('defaults list input and bounds the page size', () => {
    expect(taskListInput.parse({})).toEqual({
      status: 'all',
      sort: 'created',
      limit: 50,
    });
    expect(taskListInput.safeParse({ limit: 0 }).success).toBe(false);
    expect(taskListInput.safeParse({ limit: 101 }).success).toBe(false);
    expect(taskListInput.safeParse({ limit: 2.5 }).success).toBe(false);
    expect(taskListInput.parse({ limit: 100, cursor: null }).limit).toBe(100);
  });

  it('accepts IANA time zone names and refuses offsets and unknown names', () => {
    for (const zone of ['UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5']) {
      expect(timeZoneSchema.safeParse(zone).success).toBe(true);
    }
    for (const zone of ['', '+05:00', 'Mars/Olympus', 'Europe/Paris; drop table', 'x'.repeat(65)]) {
      expect(timeZoneSchema.safeParse(zone).success).toBe(false);
    }
    // Without a zone, the one saved on the account applies (the router looks it up).
    expect(taskStatsInput.parse(undefined)).toEqual({});
  });

  it('splits a search into distinct words and caps their number', () => {
    expect(searchWords('  50%  done 50% ')).toEqual(['50%', 'done']);
    expect(taskListInput.safeParse({ search: 'a b c d e f g h i j' }).success).toBe(true);
    expect(taskListInput.safeParse({ search: 'a b c d e f g h i j k' }).success).toBe(false);
  });

  it('refuses the null character, which PostgreSQL text cannot hold', () => {
    expect(taskCreateInput.safeParse({ title: 'a\u0000b' }).success).toBe(false);
    expect(taskCreateInput.safeParse({ title: 'a', description: '\u0000' }).success).toBe(false);
    expect(taskCreateInput.safeParse({ title: 'a', tags: ['\u0000'] }).success).toBe(false);
  });

  it('refuses lone surrogates in titles, descriptions, tags and searches, and says why', () => {
    const messages = (result: { error?: { issues: { message: string }[] } }) =>
      result.error?.issues.map((issue) => issue.message);
    for (const broken of ['\uD800', 'a\uDC00b', '😀'.slice(0, 1)]) {
      expect(messages(taskCreateInput.safeParse({ title: `x${broken}` }))).toEqual([
        BROKEN_CHARACTER_MESSAGE,
      ]);
      expect(messages(taskCreateInput.safeParse({ title: 'a', description: broken }))).toEqual([
        BROKEN_CHARACTER_MESSAGE,
      ]);
      expect(messages(taskCreateInput.safeParse({ title: 'a', tags: [`t${broken}`] }))).toEqual([
        BROKEN_CHARACTER_MESSAGE,
      ]);
      expect(messages(taskListInput.safeParse({ search: broken }))).toEqual([
        BROKEN_CHARACTER_MESSAGE,
      ]);
    }
    expect(taskCreateInput.safeParse({ title: '😀 ok', tags: ['🏷'] }).success).toBe(true);
  });

  it('keeps due dates within the range both JavaScript and PostgreSQL hold', () => {
    expect(taskCreateInput.safeParse({ title: 'a', dueAt: new Date('1899-12-31') }).success).toBe(
      false,
    );
    expect(taskCreateInput.safeParse({ title: 'a', dueAt: new Date(Number.NaN) }).success).toBe(
      false,
    );
    expect(taskCreateInput.safeParse({ title: 'a', dueAt: new Date(8.64e15) }).success).toBe(false);
  });
});
