import { describe, expect, it } from 'vitest';

import { median, pairedRatios, spread } from './stats';

describe('stats', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('pairs rounds for ratios and skips a zero denominator', () => {
    expect(pairedRatios([10, 20, 30], [5, 0, 10])).toEqual([2, 3]);
    expect(spread([2, 3, 1])).toEqual({ median: 2, min: 1, max: 3 });
  });
});
