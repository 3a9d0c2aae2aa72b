// Goal checks that say "not measured" (null) rather than guess when a figure is missing.

export function atLeast(value: number | null | undefined, bound: number): boolean | null {
  return value === null || value === undefined || Number.isNaN(value) ? null : value >= bound;
}

export function atMost(value: number | null | undefined, bound: number): boolean | null {
  return value === null || value === undefined || Number.isNaN(value) ? null : value <= bound;
}
