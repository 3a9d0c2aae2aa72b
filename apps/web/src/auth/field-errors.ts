/** Drops one field's errors, once the person edits that field. */
export function withoutField(errors: FieldErrors, field: string): FieldErrors {
  if (errors[field] === undefined) return errors;
  return Object.fromEntries(Object.entries(errors).filter(([name]) => name !== field));
}
import type { FieldErrors } from '@tasklane/api/client';
