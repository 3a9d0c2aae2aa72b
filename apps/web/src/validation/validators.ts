// The form validators, built on the API's own zod schemas. Loaded on demand (see
// load-validators.ts): zod is a quarter of the bundle and no screen needs it to first render.
import { z } from 'zod';

import {
  apiKeyCreateInput,
  changePasswordInput,
  deleteAccountInput,
  requestEmailChangeInput,
  requestPasswordResetInput,
  resetPasswordInput,
  signInInput,
  signUpInput,
  taskDescriptionSchema,
  taskDueAtSchema,
  taskPrioritySchema,
  taskTagsSchema,
  taskRecurrenceSchema,
  taskTitleSchema,
} from '@tasklane/api/schemas';

import { dueAtFromInput } from '../tasks/due-dates';
import { recurrenceFromDraft } from '../tasks/recurrence-draft';
import type { TaskDraft } from '../tasks/task-draft';
import { parseTags } from '../tasks/tags';
import { validate, type Validated } from './form-errors';

export { validate };

export const validateApiKeyCreate = (values: {
  name: string;
  scopes: readonly string[];
  expiresInDays: number | null;
}) => validate(apiKeyCreateInput, values);

export const validateSignIn = (values: { email: string; password: string }) =>
  validate(signInInput, values);

export const validateSignUp = (values: { name: string; email: string; password: string }) =>
  validate(signUpInput, values);

export const validateChangePassword = (values: { currentPassword: string; newPassword: string }) =>
  validate(changePasswordInput, values);

export const validateDeleteAccount = (values: { password: string }) =>
  validate(deleteAccountInput, values);

export const validateRequestPasswordReset = (values: { email: string }) =>
  validate(requestPasswordResetInput, values);

export const validateResetPassword = (values: { token: string; newPassword: string }) =>
  validate(resetPasswordInput, values);

export const validateRequestEmailChange = (values: { newEmail: string; password: string }) =>
  validate(requestEmailChangeInput, values);

const taskFields = z.object({
  title: taskTitleSchema,
  description: taskDescriptionSchema,
  priority: taskPrioritySchema,
  dueAt: taskDueAtSchema,
  tags: taskTagsSchema,
  recurrence: taskRecurrenceSchema,
});

export type ParsedTask = z.infer<typeof taskFields>;

/**
 * The task form's text fields as a task the API accepts, or the errors per field; the due date
 * and time are read in `timeZone` (the account's).
 */
export function parseDraft(draft: TaskDraft, timeZone: string): Validated<ParsedTask> {
  const dueAt = dueAtFromInput(draft.due, draft.dueTime, timeZone);
  if (draft.due !== '' && dueAt === null) {
    return { ok: false, errors: { dueAt: ['Enter a date, or leave it empty.'] } };
  }
  const recurrence = recurrenceFromDraft(draft.recurrence, timeZone);
  if (recurrence !== null && dueAt === null) {
    return { ok: false, errors: { recurrence: ['A repeating task needs a due date.'] } };
  }
  return validate(taskFields, {
    title: draft.title,
    description: draft.description.trim(),
    priority: draft.priority,
    dueAt,
    tags: parseTags(draft.tags),
    recurrence,
  });
}
