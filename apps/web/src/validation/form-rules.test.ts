import { expect, it } from 'vitest';

import * as api from '@tasklane/api/schemas';

import { DEFAULT_TASK_ORDER, PASSWORD_MIN_LENGTH } from './form-rules';

it('matches the rules of the API schemas', () => {
  expect(PASSWORD_MIN_LENGTH).toBe(api.PASSWORD_MIN_LENGTH);
  expect(DEFAULT_TASK_ORDER).toEqual(api.DEFAULT_TASK_ORDER);
});
