// Search, status tabs with counts, and the filter and sort controls of the task list.
import { useId, useState } from 'react';

import { DEFAULT_TASK_ORDER, type TaskStatusFilter } from '@tasklane/api/contract';

import type { TaskStats } from '@tasklane/api/client';

import { cx, focusRing, inputClass } from '../ui/class-names';
import { FilterIcon } from '../ui/icons';
import { SelectField } from '../ui/select-field';
import { TextField } from '../ui/text-field';
import type { TaskFilter } from './task-filter';

const statusTabs: { value: TaskStatusFilter; label: string; count: keyof TaskStats }[] = [
  { value: 'all', label: 'All', count: 'total' },
  { value: 'active', label: 'Active', count: 'active' },
  { value: 'completed', label: 'Done', count: 'completed' },
];

export function TaskFilters({
  filter,
  stats,
  onChange,
}: {
  filter: TaskFilter;
  stats: TaskStats | undefined;
  onChange: (changes: Partial<TaskFilter>) => void;
}) {
  const searchId = useId();
  const controlsId = useId();
  // On a phone the filter controls fold away behind a button; from `sm` up they always show.
  const [open, setOpen] = useState(false);
  const active = [filter.priority !== 'any', filter.due !== 'any', filter.tag.trim() !== ''].filter(
    Boolean,
  ).length;
  return (
    <section aria-label="Filter and sort" className="flex flex-col gap-3">
      <div className="flex gap-2">
        <label htmlFor={searchId} className="sr-only">
          Search tasks
        </label>
        <input
          id={searchId}
          type="search"
          placeholder="Search tasks"
          autoComplete="off"
          value={filter.search}
          onChange={(event) => {
            onChange({ search: event.target.value });
          }}
          className={cx(inputClass, 'min-w-0 flex-1')}
        />
        <button
          type="button"
          aria-expanded={open}
          aria-controls={controlsId}
          onClick={() => {
            setOpen((shown) => !shown);
          }}
          className={cx(
            'inline-flex min-h-11 items-center gap-1.5 rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 shadow-sm sm:hidden dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100',
            focusRing,
          )}
        >
          <FilterIcon />
          Filters
          {active > 0 && (
            <span className="rounded-full bg-indigo-600 px-1.5 text-xs text-white">{active}</span>
          )}
        </button>
      </div>
      <div
        role="group"
        aria-label="Status"
        className="flex gap-1 rounded-lg bg-slate-200/70 p-1 dark:bg-slate-800"
      >
        {statusTabs.map((tab) => (
          <button
            key={tab.value}
            type="button"
            aria-pressed={filter.status === tab.value}
            onClick={() => {
              onChange({ status: tab.value });
            }}
            className={cx(
              'flex flex-1 items-center justify-center gap-1.5 rounded-md px-2 py-1.5 text-sm font-medium',
              filter.status === tab.value
                ? 'bg-white text-slate-900 shadow-sm dark:bg-slate-950 dark:text-slate-100'
                : 'text-slate-700 hover:bg-white/60 dark:text-slate-300 dark:hover:bg-slate-700',
              focusRing,
            )}
          >
            {tab.label}
            {stats !== undefined && (
              <span className="rounded-full bg-slate-200 px-1.5 text-xs tabular-nums dark:bg-slate-700">
                {stats[tab.count]}
              </span>
            )}
          </button>
        ))}
      </div>
      <div
        id={controlsId}
        className={cx(
          'grid-cols-2 gap-3 sm:grid sm:grid-cols-3 md:grid-cols-5',
          open ? 'grid' : 'hidden',
        )}
      >
        <SelectField
          label="Priority"
          value={filter.priority}
          options={[
            { value: 'any', label: 'Any' },
            { value: 'high', label: 'High' },
            { value: 'medium', label: 'Medium' },
            { value: 'low', label: 'Low' },
          ]}
          onValueChange={(priority) => {
            onChange({ priority });
          }}
        />
        <SelectField
          label="Due"
          value={filter.due}
          options={[
            { value: 'any', label: 'Any time' },
            { value: 'overdue', label: 'Overdue' },
            { value: 'today', label: 'Today' },
            { value: 'week', label: 'Next 7 days' },
            { value: 'none', label: 'No date' },
          ]}
          onValueChange={(due) => {
            onChange({ due });
          }}
        />
        <TextField
          label="Tag"
          placeholder="Any"
          autoCapitalize="none"
          autoComplete="off"
          value={filter.tag}
          onChange={(event) => {
            onChange({ tag: event.target.value });
          }}
        />
        <SelectField
          label="Sort by"
          value={filter.sort}
          options={[
            { value: 'created', label: 'Date added' },
            { value: 'due', label: 'Due date' },
            { value: 'priority', label: 'Priority' },
            { value: 'title', label: 'Title' },
          ]}
          onValueChange={(sort) => {
            onChange({ sort, order: DEFAULT_TASK_ORDER[sort] });
          }}
        />
        <SelectField
          label="Order"
          value={filter.order}
          options={[
            { value: 'asc', label: orderLabel(filter.sort, 'asc') },
            { value: 'desc', label: orderLabel(filter.sort, 'desc') },
          ]}
          onValueChange={(order) => {
            onChange({ order });
          }}
        />
      </div>
    </section>
  );
}

function orderLabel(sort: TaskFilter['sort'], order: 'asc' | 'desc'): string {
  switch (sort) {
    case 'created':
      return order === 'desc' ? 'Newest first' : 'Oldest first';
    case 'due':
      return order === 'asc' ? 'Soonest first' : 'Latest first';
    case 'priority':
      return order === 'desc' ? 'Highest first' : 'Lowest first';
    case 'title':
      return order === 'asc' ? 'A to Z' : 'Z to A';
  }
}
