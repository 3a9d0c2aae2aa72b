// The state every form of the app keeps: its values, the field errors (from the shared zod
// schemas before sending, or the server's zod field errors after), whether it is being sent,
// and the message of a failure that belongs to no field.
import { useState, type SubmitEvent } from 'react';

import { errorCode, fieldErrors, type FieldErrors } from '@tasklane/api/client';

import { withoutField } from '../auth/field-errors';
import { errorMessage } from '../trpc/error-message';
import type { Validated } from '../validation/form-errors';

export interface FormOptions<Values extends object, Checked> {
  initial: Values;
  /** The client-side check (the shared zod schemas, loaded on demand). */
  validate: (values: Values) => Promise<Validated<Checked>>;
  /** Sends the checked values; a rejection shows its field errors, or else its message. */
  send: (checked: Checked) => Promise<void>;
  /** Shows the failure's message even beside field errors (sign-in: "wrong email or password"). */
  failureWithFieldErrors?: boolean;
  /** Called when the check refuses the values (to focus or reveal the field at fault). */
  onInvalid?: (errors: FieldErrors) => void;
}

export interface Form<Values extends object> {
  values: Values;
  errors: FieldErrors;
  failure: string | null;
  /** The tRPC code of that failure, when it has one (CONFLICT: the email is taken). */
  failureCode: string | undefined;
  submitting: boolean;
  /** Sets one field and drops its errors, as the person edits it. */
  setField: <Name extends keyof Values & string>(name: Name, value: Values[Name]) => void;
  /** Changes some values and leaves the errors as they are (the task forms). */
  update: (changes: Partial<Values> | ((current: Values) => Partial<Values>)) => void;
  clearErrors: () => void;
  /** Back to the initial values, with no errors and no failure. */
  reset: () => void;
  onSubmit: (event: SubmitEvent<HTMLFormElement>) => void;
}

export function useForm<Values extends object, Checked>({
  initial,
  validate,
  send,
  failureWithFieldErrors = false,
  onInvalid,
}: FormOptions<Values, Checked>): Form<Values> {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<{ message: string; code: string | undefined } | null>(
    null,
  );
  const [submitting, setSubmitting] = useState(false);

  const submit = async (): Promise<void> => {
    setFailure(null);
    const checked = await validate(values);
    if (!checked.ok) {
      setErrors(checked.errors);
      onInvalid?.(checked.errors);
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      await send(checked.value);
    } catch (error) {
      const serverErrors = fieldErrors(error);
      setErrors(serverErrors);
      if (failureWithFieldErrors || Object.keys(serverErrors).length === 0) {
        setFailure({ message: errorMessage(error), code: errorCode(error) });
      }
    } finally {
      setSubmitting(false);
    }
  };

  return {
    values,
    errors,
    failure: failure?.message ?? null,
    failureCode: failure?.code,
    submitting,
    setField: (name, value) => {
      setValues((current) => ({ ...current, [name]: value }));
      setErrors((current) => withoutField(current, name));
    },
    update: (changes) => {
      setValues((current) => ({
        ...current,
        ...(typeof changes === 'function' ? changes(current) : changes),
      }));
    },
    clearErrors: () => {
      setErrors({});
    },
    reset: () => {
      setValues(initial);
      setErrors({});
      setFailure(null);
    },
    onSubmit: (event) => {
      event.preventDefault();
      void submit();
    },
  };
}
