// The lists: a sidebar on wide screens and a switcher on narrow ones, both choosing what the tasks
// screen shows (every task, the Inbox, Upcoming, or one list), and the controls that create,
// rename, recolour, move and delete the chosen list.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLayoutEffect, useRef, useState } from 'react';

import type { List } from '@tasklane/api/client';
import { LIST_COLORS, type ListColor, type ListDeleteTasks } from '@tasklane/api/contract';

import { errorMessage } from '../trpc/error-message';
import { useTRPC, useTRPCClient } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { cx } from '../ui/class-names';
import { SelectField } from '../ui/select-field';
import { TextField } from '../ui/text-field';
import { LIST_COLOR_LABEL, LIST_DOT_CLASS } from './list-colors';
import type { ListChoice, TaskView } from './task-view';

const colorOptions = LIST_COLORS.map((color) => ({ value: color, label: LIST_COLOR_LABEL[color] }));

interface ListPanelProps {
  view: TaskView;
  onChoose: (next: { view: TaskView['view']; list: ListChoice }) => void;
}

export function useLists() {
  const trpc = useTRPC();
  return useQuery(trpc.lists.list.queryOptions());
}

/** Where a choice goes: its value in the switcher. */
function choiceValue(view: TaskView['view'], list: ListChoice): string {
  if (view === 'upcoming') return 'upcoming';
  return typeof list === 'string' ? list : list.id;
}

export function ListPanel({ view, onChoose }: ListPanelProps) {
  const lists = useLists();
  const all = lists.data ?? [];
  const chosen = view.list;
  const chosenList = typeof chosen === 'string' ? undefined : all.find((l) => l.id === chosen.id);

  const choose = (value: string): void => {
    if (value === 'upcoming') onChoose({ view: 'upcoming', list: 'all' });
    else if (value === 'all' || value === 'inbox') onChoose({ view: 'tasks', list: value });
    else onChoose({ view: 'tasks', list: { id: value } });
  };

  const entries = [
    { value: 'all', label: 'All tasks', count: undefined, color: undefined },
    { value: 'inbox', label: 'Inbox', count: undefined, color: undefined },
    { value: 'upcoming', label: 'Upcoming', count: undefined, color: undefined },
    ...all.map((list) => ({
      value: list.id,
      label: list.name,
      count: list.activeCount,
      color: list.color,
    })),
  ];
  const current = choiceValue(view.view, chosen);

  return (
    <div className="flex flex-col gap-3">
      <div className="lg:hidden">
        <SelectField
          label="Show"
          value={current}
          options={entries.map((entry) => ({
            value: entry.value,
            label: entry.count === undefined ? entry.label : `${entry.label} (${entry.count})`,
          }))}
          onValueChange={choose}
        />
      </div>
      <nav aria-label="Lists" className="hidden lg:block">
        <ul className="flex flex-col gap-0.5">
          {entries.map((entry) => {
            const active = entry.value === current;
            return (
              <li key={entry.value}>
                <button
                  type="button"
                  aria-current={active ? 'page' : undefined}
                  onClick={() => {
                    choose(entry.value);
                  }}
                  className={cx(
                    'flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm',
                    'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600',
                    active
                      ? 'bg-indigo-50 font-medium text-indigo-800 dark:bg-indigo-950 dark:text-indigo-100'
                      : 'text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800',
                  )}
                >
                  {entry.color !== undefined && (
                    <span
                      aria-hidden="true"
                      className={cx('size-2.5 shrink-0 rounded-full', LIST_DOT_CLASS[entry.color])}
                    />
                  )}
                  <span className="min-w-0 flex-1 truncate">{entry.label}</span>
                  {entry.count !== undefined && (
                    <span className="text-xs text-slate-600 dark:text-slate-400">
                      {entry.count}
                      <span className="sr-only"> active</span>
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      </nav>
      {lists.isError && <Alert tone="error">{errorMessage(lists.error)}</Alert>}
      <NewListForm
        onCreated={(list) => {
          onChoose({ view: 'tasks', list: { id: list.id } });
        }}
      />
      {chosenList !== undefined && view.view === 'tasks' && (
        <ListControls
          key={chosenList.id}
          list={chosenList}
          count={all.length}
          onDeleted={() => {
            onChoose({ view: 'tasks', list: 'all' });
          }}
        />
      )}
    </div>
  );
}

function useRefreshLists() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.lists.list.queryFilter()),
      queryClient.invalidateQueries(trpc.tasks.list.pathFilter()),
      queryClient.invalidateQueries(trpc.tasks.stats.pathFilter()),
    ]);
}

function NewListForm({ onCreated }: { onCreated: (list: List) => void }) {
  const client = useTRPCClient();
  const refresh = useRefreshLists();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [color, setColor] = useState<ListColor>('gray');
  const create = useMutation({
    mutationFn: () => client.lists.create.mutate({ id: crypto.randomUUID(), name, color }),
    onSuccess: async (list) => {
      await refresh();
      setOpen(false);
      setName('');
      setColor('gray');
      onCreated(list);
    },
  });
  if (!open) {
    return (
      <Button
        variant="secondary"
        size="sm"
        onClick={() => {
          setOpen(true);
        }}
      >
        New list
      </Button>
    );
  }
  return (
    <form
      aria-label="New list"
      className="flex flex-col gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <TextField
        label="List name"
        value={name}
        maxLength={100}
        required
        autoFocus
        onChange={(event) => {
          setName(event.target.value);
        }}
        errors={create.isError ? [errorMessage(create.error)] : undefined}
      />
      <SelectField label="Colour" value={color} options={colorOptions} onValueChange={setColor} />
      <div className="flex gap-2">
        <Button type="submit" size="sm" pending={create.isPending}>
          Create list
        </Button>
        <Button
          variant="ghost"
          size="sm"
          onClick={() => {
            setOpen(false);
          }}
        >
          Cancel
        </Button>
      </div>
    </form>
  );
}

function ListControls({
  list,
  count,
  onDeleted,
}: {
  list: List;
  count: number;
  onDeleted: () => void;
}) {
  const client = useTRPCClient();
  const refresh = useRefreshLists();
  const [name, setName] = useState(list.name);
  // The controls stay mounted while the list changes (a remount would drop the keyboard focus on
  // Move up after each move); a new name from the server replaces what the field holds.
  const [shownName, setShownName] = useState(list.name);
  if (list.name !== shownName) {
    setShownName(list.name);
    setName(list.name);
  }
  const moveUp = useRef<HTMLButtonElement>(null);
  const moveDown = useRef<HTMLButtonElement>(null);
  const last = list.position >= count - 1;
  // A move to the top or the bottom disables the button just pressed, which would drop the focus:
  // it goes to the other one, so the keyboard carries on where it was.
  useLayoutEffect(() => {
    const focused = document.activeElement;
    if (list.position === 0 && focused === moveUp.current) moveDown.current?.focus();
    if (last && focused === moveDown.current) moveUp.current?.focus();
  }, [list.position, last]);
  const [confirming, setConfirming] = useState(false);
  const [tasks, setTasks] = useState<ListDeleteTasks>('move-to-inbox');
  const update = useMutation({
    mutationFn: (changes: { name?: string; color?: ListColor; position?: number }) =>
      client.lists.update.mutate({ id: list.id, version: list.version, ...changes }),
    onSettled: () => refresh(),
  });
  const remove = useMutation({
    mutationFn: () => client.lists.delete.mutate({ id: list.id, tasks }),
    // Away from the list first: read again while still shown, it would be NOT_FOUND.
    onSuccess: async () => {
      onDeleted();
      await refresh();
    },
  });
  const error = update.error ?? remove.error;

  return (
    <section
      aria-label={`List “${list.name}”`}
      className="flex flex-col gap-2 border-t border-slate-200 pt-3 dark:border-slate-800"
    >
      <form
        className="flex items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          update.mutate({ name });
        }}
      >
        <TextField
          className="min-w-0 flex-1"
          label="Rename list"
          value={name}
          maxLength={100}
          required
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
        <Button type="submit" size="sm" variant="secondary" disabled={name.trim() === list.name}>
          Rename
        </Button>
      </form>
      <SelectField
        label="List colour"
        value={list.color}
        options={colorOptions}
        onValueChange={(color) => {
          update.mutate({ color });
        }}
      />
      <div className="flex flex-wrap gap-2" role="group" aria-label="Move list">
        <Button
          ref={moveUp}
          size="sm"
          variant="secondary"
          disabled={list.position === 0}
          onClick={() => {
            update.mutate({ position: list.position - 1 });
          }}
        >
          Move up
        </Button>
        <Button
          ref={moveDown}
          size="sm"
          variant="secondary"
          disabled={last}
          onClick={() => {
            update.mutate({ position: list.position + 1 });
          }}
        >
          Move down
        </Button>
        <Button
          size="sm"
          variant="danger"
          onClick={() => {
            setConfirming(true);
          }}
        >
          Delete list…
        </Button>
      </div>
      {confirming && (
        <form
          aria-label="Delete list"
          className="flex flex-col gap-2 rounded-md border border-red-200 p-3 dark:border-red-900"
          onSubmit={(event) => {
            event.preventDefault();
            remove.mutate();
          }}
        >
          <fieldset className="flex flex-col gap-1 text-sm">
            <legend className="mb-1 font-medium">
              Delete “{list.name}” and its {list.activeCount} active tasks?
            </legend>
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="list-tasks"
                checked={tasks === 'move-to-inbox'}
                onChange={() => {
                  setTasks('move-to-inbox');
                }}
              />
              Move its tasks to the Inbox
            </label>
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="list-tasks"
                checked={tasks === 'delete'}
                onChange={() => {
                  setTasks('delete');
                }}
              />
              Delete its tasks too
            </label>
          </fieldset>
          <div className="flex gap-2">
            <Button type="submit" size="sm" variant="danger" pending={remove.isPending}>
              Delete list
            </Button>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                setConfirming(false);
              }}
            >
              Cancel
            </Button>
          </div>
        </form>
      )}
      {error !== null && <Alert tone="error">{errorMessage(error)}</Alert>}
    </section>
  );
}
