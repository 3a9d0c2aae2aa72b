// Rules shown in hints and used by the first render, duplicated from the API's schema module so
// the initial bundle need not load zod; form-rules.test.ts pins them to the API's values.
import type { TaskOrder, TaskSort } from '@tasklane/api/schemas';

export const PASSWORD_MIN_LENGTH = 8;

/** The order each sort uses unless the person picks another. */
export const DEFAULT_TASK_ORDER: Readonly<Record<TaskSort, TaskOrder>> = {
  created: 'desc',
  priority: 'desc',
  due: 'asc',
  title: 'asc',
};
