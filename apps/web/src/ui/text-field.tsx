import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

import { cx, inputClass } from './class-names';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  errors?: readonly string[] | undefined;
  hint?: string;
  /** Rendered inside the field's frame after the input (e.g. a show-password button). */
  trailing?: ReactNode;
  labelHidden?: boolean;
}

export function TextField({
  label,
  errors,
  hint,
  trailing,
  labelHidden = false,
  className,
  ...inputProps
}: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const invalid = errors !== undefined && errors.length > 0;
  const describedBy = [hint === undefined ? null : hintId, invalid ? errorId : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={cx('flex flex-col gap-1', className)}>
      <label
        htmlFor={id}
        className={cx(
          'text-sm font-medium text-slate-700 dark:text-slate-300',
          labelHidden && 'sr-only',
        )}
      >
        {label}
      </label>
      <div className="relative">
        <input
          id={id}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy === '' ? undefined : describedBy}
          className={cx(inputClass, trailing !== undefined && 'pr-20')}
          {...inputProps}
        />
        {trailing !== undefined && (
          <div className="absolute inset-y-0 right-1 flex items-center">{trailing}</div>
        )}
      </div>
      {hint !== undefined && (
        <p id={hintId} className="text-sm text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      )}
      {invalid && (
        <p id={errorId} className="text-sm font-medium text-red-700 dark:text-red-400">
          {errors.join(' ')}
        </p>
      )}
    </div>
  );
}
