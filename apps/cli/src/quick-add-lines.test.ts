import { describe, expect, it } from 'vitest';

import { parseQuickAdd } from '@tasklane/api/quick-add';

import { understoodLines } from './quick-add-lines';

describe('understoodLines', () => {
  it('says what each part of the text was read as, in the order typed', () => {
    // The CLI reads and shows dates in the account's zone, whatever the machine's.
    const timeZone = 'Pacific/Auckland';
    const now = new Date('2026-11-30T00:00:00Z');
    const draft = parseQuickAdd('Pay rent tomorrow 9am #Home !high ^Finance', { now, timeZone });
    expect(understoodLines(draft, timeZone)).toEqual([
      'Read "tomorrow 9am" as due 2026-12-01 09:00',
      'Read "#Home" as tag #home',
      'Read "!high" as priority high',
      'Read "^Finance" as list Finance',
    ]);
    const day = parseQuickAdd('Call Ana on Friday', { now, timeZone });
    expect(understoodLines(day, timeZone)).toEqual(['Read "on Friday" as due 2026-12-04']);
    expect(understoodLines(parseQuickAdd('Buy may flowers', { now, timeZone }), timeZone)).toEqual(
      [],
    );
    // Monday 30 November 2026, 12:00: 9:00 has passed, so the first weekday is Tuesday.
    const repeating = parseQuickAdd('Standup every weekday at 9', { now, timeZone });
    expect(understoodLines(repeating, timeZone)).toEqual([
      'Read "every weekday" as repeats every weekday',
      'Read "at 9" as due 2026-12-01 09:00',
    ]);
  });
});
