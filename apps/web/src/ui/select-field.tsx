import { useId, type SelectHTMLAttributes } from 'react';

import { cx, inputClass } from './class-names';

export interface SelectOption<T extends string> {
  value: T;
  label: string;
}

export interface SelectFieldProps<T extends string> extends Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  'id' | 'value' | 'onChange'
> {
  label: string;
  value: T;
  options: readonly SelectOption<T>[];
  onValueChange: (value: T) => void;
  labelHidden?: boolean;
}

export function SelectField<T extends string>({
  label,
  value,
  options,
  onValueChange,
  labelHidden = false,
  className,
  ...props
}: SelectFieldProps<T>) {
  const id = useId();
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
      <select
        id={id}
        value={value}
        onChange={(event) => {
          const chosen = options.find((option) => option.value === event.target.value);
          if (chosen !== undefined) onValueChange(chosen.value);
        }}
        className={cx(inputClass, 'pr-8')}
        {...props}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
