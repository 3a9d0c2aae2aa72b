// How a task repeats: none, daily, every weekday, weekly on chosen days, monthly on a day or the
// last day, yearly; every N; until a date or N times. Native controls only, so the keyboard and
// screen readers work as they do everywhere else; what the rule reads as is shown below it.
import { useId } from 'react';

import {
  describeRecurrence,
  RECURRENCE_WEEKDAYS,
  type RecurrenceWeekday,
} from '@tasklane/api/contract';

import { cx, focusRing } from '../ui/class-names';
import { SelectField } from '../ui/select-field';
import { TextField } from '../ui/text-field';
import {
  recurrenceFromDraft,
  type RecurrenceDraft,
  type RepeatChoice,
  type RepeatEnd,
} from './recurrence-draft';
import { useAccountTimeZone } from './account-time-zone';

const repeatOptions: { value: RepeatChoice; label: string }[] = [
  { value: 'none', label: 'Does not repeat' },
  { value: 'daily', label: 'Daily' },
  { value: 'weekdays', label: 'Every weekday (Mon–Fri)' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'monthly', label: 'Monthly' },
  { value: 'yearly', label: 'Yearly' },
];

const endOptions: { value: RepeatEnd; label: string }[] = [
  { value: 'never', label: 'Never' },
  { value: 'until', label: 'On a date' },
  { value: 'count', label: 'After a number of times' },
];

const UNITS: Record<Exclude<RepeatChoice, 'none' | 'weekdays'>, string> = {
  daily: 'days',
  weekly: 'weeks',
  monthly: 'months',
  yearly: 'years',
};

const WEEKDAY_NAMES: Record<RecurrenceWeekday, [short: string, long: string]> = {
  MO: ['Mon', 'Monday'],
  TU: ['Tue', 'Tuesday'],
  WE: ['Wed', 'Wednesday'],
  TH: ['Thu', 'Thursday'],
  FR: ['Fri', 'Friday'],
  SA: ['Sat', 'Saturday'],
  SU: ['Sun', 'Sunday'],
};

const legendClass = 'text-sm font-medium text-slate-700 dark:text-slate-300';
const choiceClass = cx('size-4 accent-indigo-600', focusRing);

/** "Repeats every …" for a rule whose numbers are whole; null while one is being typed. */
export function repeatText(draft: RecurrenceDraft, timeZone: string): string | null {
  const rule = recurrenceFromDraft(draft, timeZone);
  if (rule === null) return null;
  const numbers = [rule.interval, rule.count, rule.until?.getTime(), ...(rule.byMonthDay ?? [])];
  if (numbers.some((value) => value !== undefined && !Number.isFinite(value))) return null;
  return describeRecurrence(rule, { timeZone });
}

export function RecurrencePicker({
  value,
  errors,
  onChange,
}: {
  value: RecurrenceDraft;
  errors?: readonly string[] | undefined;
  onChange: (changes: Partial<RecurrenceDraft>) => void;
}) {
  const summaryId = useId();
  const errorId = useId();
  const monthDayGroup = useId();
  const timeZone = useAccountTimeZone();
  const invalid = errors !== undefined && errors.length > 0;
  const summary = repeatText(value, timeZone);
  const unit = value.repeat === 'none' || value.repeat === 'weekdays' ? null : UNITS[value.repeat];

  return (
    <fieldset
      aria-describedby={cx(summary !== null && summaryId, invalid && errorId) || undefined}
      className="flex flex-col gap-3 sm:col-span-3"
    >
      <legend className="sr-only">Repeat</legend>
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField
          label="Repeats"
          value={value.repeat}
          options={repeatOptions}
          onValueChange={(repeat) => {
            onChange({ repeat });
          }}
        />
        {unit !== null && (
          <TextField
            label={`Every how many ${unit}`}
            inputMode="numeric"
            value={value.interval}
            onChange={(event) => {
              onChange({ interval: event.target.value });
            }}
          />
        )}
        {value.repeat !== 'none' && (
          <SelectField
            label="Ends"
            value={value.end}
            options={endOptions}
            onValueChange={(end) => {
              onChange({ end });
            }}
          />
        )}
        {value.repeat !== 'none' && value.end === 'until' && (
          <TextField
            label="Last date"
            type="date"
            value={value.until}
            onChange={(event) => {
              onChange({ until: event.target.value });
            }}
          />
        )}
        {value.repeat !== 'none' && value.end === 'count' && (
          <TextField
            label="How many times"
            inputMode="numeric"
            value={value.count}
            onChange={(event) => {
              onChange({ count: event.target.value });
            }}
          />
        )}
      </div>
      {value.repeat === 'weekly' && (
        <fieldset className="flex flex-col gap-1">
          <legend className={legendClass}>On (none: the due date’s weekday)</legend>
          <div className="flex flex-wrap gap-x-3 gap-y-1">
            {RECURRENCE_WEEKDAYS.map((day) => {
              const [short, long] = WEEKDAY_NAMES[day];
              return (
                <label key={day} className="flex items-center gap-1 text-sm">
                  <input
                    type="checkbox"
                    aria-label={long}
                    checked={value.weekdays.includes(day)}
                    onChange={(event) => {
                      onChange({
                        weekdays: event.target.checked
                          ? [...value.weekdays, day]
                          : value.weekdays.filter((chosen) => chosen !== day),
                      });
                    }}
                    className={choiceClass}
                  />
                  {short}
                </label>
              );
            })}
          </div>
        </fieldset>
      )}
      {value.repeat === 'monthly' && (
        <fieldset className="flex flex-col gap-1">
          <legend className={legendClass}>On</legend>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
            <MonthDayChoice group={monthDayGroup} value={value} onChange={onChange} choice="due">
              The due date’s day
            </MonthDayChoice>
            <MonthDayChoice group={monthDayGroup} value={value} onChange={onChange} choice="day">
              Day
            </MonthDayChoice>
            {value.monthDay === 'day' && (
              <TextField
                label="Day of the month"
                labelHidden
                inputMode="numeric"
                value={value.day}
                onChange={(event) => {
                  onChange({ day: event.target.value });
                }}
                className="w-20"
              />
            )}
            <MonthDayChoice group={monthDayGroup} value={value} onChange={onChange} choice="last">
              The last day
            </MonthDayChoice>
          </div>
        </fieldset>
      )}
      {summary !== null && (
        <p id={summaryId} className="text-sm text-slate-600 dark:text-slate-400">
          {summary}
        </p>
      )}
      {invalid && (
        <p id={errorId} className="text-sm font-medium text-red-700 dark:text-red-400">
          {errors.join(' ')}
        </p>
      )}
    </fieldset>
  );
}

function MonthDayChoice({
  group,
  value,
  choice,
  onChange,
  children,
}: {
  group: string;
  value: RecurrenceDraft;
  choice: RecurrenceDraft['monthDay'];
  onChange: (changes: Partial<RecurrenceDraft>) => void;
  children: string;
}) {
  return (
    <label className="flex items-center gap-1">
      <input
        type="radio"
        name={group}
        checked={value.monthDay === choice}
        onChange={() => {
          onChange({ monthDay: choice });
        }}
        className={choiceClass}
      />
      {children}
    </label>
  );
}
