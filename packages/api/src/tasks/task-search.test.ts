import { describe, expect, it } from 'vitest';

import { containsPattern, searchPatterns } from './task-search';

describe('search patterns', () => {
  it('escapes the LIKE wildcards and the escape character, and leaves quotes alone', () => {
    expect(containsPattern('50%')).toBe('%50\\%%');
    expect(containsPattern('snake_case')).toBe('%snake\\_case%');
    expect(containsPattern('C:\\temp')).toBe('%C:\\\\temp%');
    expect(containsPattern(`it's "quoted"`)).toBe(`%it's "quoted"%`);
  });

  it('makes one pattern per distinct word and none for no search', () => {
    expect(searchPatterns('milk  eggs milk')).toEqual(['%milk%', '%eggs%']);
    expect(searchPatterns(undefined)).toEqual([]);
    expect(searchPatterns('')).toEqual([]);
  });
});
