// Field errors for a form from the shared zod schema, in the shape the server sends them.
import { z } from 'zod';

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export function validate<T>(schema: z.ZodType<T>, values: unknown): Validated<T> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, value: result.data };
  const flat = z.flattenError(result.error);
  const errors: FieldErrors = { ...flat.fieldErrors };
  if (flat.formErrors.length > 0) errors.form = flat.formErrors;
  return { ok: false, errors };
}
import type { FieldErrors } from '@tasklane/api/client';
