// Type-level tests of the quick-add draft: `tsc --noEmit` (pnpm typecheck) fails when they drift.
import { describe, expectTypeOf, it } from 'vitest';

import type { RouterInputs } from '../client';
import type { TaskPriority } from '../contract';
import type { Recurrence } from '../schemas';
import {
  parseQuickAdd,
  quickAddTaskInput,
  type QuickAddDraft,
  type QuickAddKind,
  type QuickAddOptions,
  type QuickAddSpan,
  type QuickAddTaskInput,
} from './index';

describe('the quick-add draft type', () => {
  it('holds the parts of a task with nulls where nothing was named', () => {
    expectTypeOf(parseQuickAdd).returns.toEqualTypeOf<QuickAddDraft>();
    expectTypeOf<QuickAddDraft['title']>().toEqualTypeOf<string>();
    expectTypeOf<QuickAddDraft['dueAt']>().toEqualTypeOf<Date | null>();
    expectTypeOf<QuickAddDraft['dueHasTime']>().toEqualTypeOf<boolean>();
    expectTypeOf<QuickAddDraft['priority']>().toEqualTypeOf<TaskPriority | null>();
    expectTypeOf<QuickAddDraft['tags']>().toEqualTypeOf<string[]>();
    expectTypeOf<QuickAddDraft['listName']>().toEqualTypeOf<string | null>();
    expectTypeOf<QuickAddDraft['recurrence']>().toEqualTypeOf<Recurrence | null>();
    expectTypeOf<QuickAddDraft['spans']>().toEqualTypeOf<QuickAddSpan[]>();
  });

  it('tells the spans apart by kind, each with its own value', () => {
    expectTypeOf<QuickAddKind>().toEqualTypeOf<
      'due' | 'priority' | 'tag' | 'list' | 'recurrence'
    >();
    expectTypeOf<
      Extract<QuickAddSpan, { kind: 'recurrence' }>['recurrence']
    >().toEqualTypeOf<Recurrence>();
    expectTypeOf<Extract<QuickAddSpan, { kind: 'due' }>['dueAt']>().toEqualTypeOf<Date>();
    expectTypeOf<Extract<QuickAddSpan, { kind: 'due' }>['hasTime']>().toEqualTypeOf<boolean>();
    expectTypeOf<
      Extract<QuickAddSpan, { kind: 'priority' }>['priority']
    >().toEqualTypeOf<TaskPriority>();
    expectTypeOf<Extract<QuickAddSpan, { kind: 'tag' }>['tag']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<QuickAddSpan, { kind: 'list' }>['listName']>().toEqualTypeOf<string>();
    expectTypeOf<QuickAddSpan>().toHaveProperty('start').toEqualTypeOf<number>();
    expectTypeOf<QuickAddSpan>().toHaveProperty('text').toEqualTypeOf<string>();
    // A due span carries no tag, a tag span no due date.
    expectTypeOf<Extract<QuickAddSpan, { kind: 'tag' }>>().not.toHaveProperty('dueAt');
    expectTypeOf<Extract<QuickAddSpan, { kind: 'due' }>>().not.toHaveProperty('tag');
  });

  it('needs a now and a time zone', () => {
    expectTypeOf<{ now: Date; timeZone: string }>().toExtend<QuickAddOptions>();
    expectTypeOf<{ now: Date }>().not.toExtend<QuickAddOptions>();
    expectTypeOf<{ timeZone: string }>().not.toExtend<QuickAddOptions>();
    expectTypeOf<{ now: string; timeZone: string }>().not.toExtend<QuickAddOptions>();
    expectTypeOf<{
      now: Date;
      timeZone: string;
      keep: { recurrence: true };
    }>().toExtend<QuickAddOptions>();
  });

  it('turns into the input of tasks.create', () => {
    expectTypeOf(quickAddTaskInput).parameter(0).toEqualTypeOf<QuickAddDraft>();
    expectTypeOf(quickAddTaskInput).returns.toEqualTypeOf<QuickAddTaskInput>();
    expectTypeOf<QuickAddTaskInput>().toExtend<RouterInputs['tasks']['create']>();
    expectTypeOf<QuickAddTaskInput['recurrence']>().toEqualTypeOf<Recurrence | null>();
    expectTypeOf(quickAddTaskInput)
      .parameter(1)
      .toEqualTypeOf<{ listId?: string | null } | undefined>();
  });
});
