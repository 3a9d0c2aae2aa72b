// Type-level tests: `tsc --noEmit` (pnpm typecheck) fails when an inferred type drifts. At run
// time these assertions do nothing; the value is in the compile.
import { describe, expectTypeOf, it } from 'vitest';

import type {
  AppRouter,
  RouterInputs,
  RouterOutputs,
  Task,
  TaskEvent,
  TasklaneClient,
  TasklaneClientError,
  User,
} from './index';

type ListedTask = RouterOutputs['tasks']['list']['items'][number];
type UpdateInput = RouterInputs['tasks']['update'];

describe('types inferred from the router', () => {
  it('lists tasks with Date fields, nullable where the column is', () => {
    expectTypeOf<ListedTask['dueAt']>().toEqualTypeOf<Date | null>();
    expectTypeOf<ListedTask['completedAt']>().toEqualTypeOf<Date | null>();
    expectTypeOf<ListedTask['createdAt']>().toEqualTypeOf<Date>();
    expectTypeOf<ListedTask['tags']>().toEqualTypeOf<string[]>();
    expectTypeOf<ListedTask['priority']>().toEqualTypeOf<'low' | 'medium' | 'high'>();
    expectTypeOf<ListedTask>().toEqualTypeOf<Task>();
    expectTypeOf<RouterOutputs['tasks']['list']['nextCursor']>().toEqualTypeOf<string | null>();
    expectTypeOf<Task>().not.toHaveProperty('userId');
  });

  it('requires the version the client saw to update a task', () => {
    expectTypeOf<UpdateInput['version']>().toEqualTypeOf<number>();
    expectTypeOf<{ id: string; title: string }>().not.toExtend<UpdateInput>();
    expectTypeOf<{ id: string; version: number; title: string }>().toExtend<UpdateInput>();
  });

  it('types the client calls, their results and their errors', () => {
    expectTypeOf<TasklaneClient['tasks']['list']['query']>()
      .returns.resolves.toHaveProperty('items')
      .toEqualTypeOf<Task[]>();
    expectTypeOf<TasklaneClient['auth']['me']['query']>().returns.resolves.toEqualTypeOf<User>();
    expectTypeOf<User['createdAt']>().toEqualTypeOf<Date>();
    expectTypeOf<User['emailVerified']>().toEqualTypeOf<boolean>();
    type ErrorData = NonNullable<TasklaneClientError['data']>;
    expectTypeOf<ErrorData['code']>().toExtend<string>();
    expectTypeOf<null>().toExtend<ErrorData['zodError']>();
    expectTypeOf<NonNullable<ErrorData['zodError']>['formErrors']>().toEqualTypeOf<string[]>();
    // The session controls must never hide a router namespace of the same name.
    expectTypeOf<
      Extract<'signOut' | 'tokens', keyof AppRouter['_def']['record']>
    >().toEqualTypeOf<never>();
  });

  it('refuses wrong input shapes at compile time', () => {
    const compileOnly = async (client: TasklaneClient): Promise<void> => {
      // @ts-expect-error version is required
      await client.tasks.update.mutate({ id: 'a', title: 'New title' });
      // @ts-expect-error priority is one of low, medium, high
      await client.tasks.create.mutate({ title: 'Write', priority: 'urgent' });
      // @ts-expect-error dueAt is a Date, not a string
      await client.tasks.create.mutate({ title: 'Write', dueAt: '2026-12-01' });
      // @ts-expect-error unknown fields are refused
      await client.tasks.list.query({ colour: 'red' });
      await client.tasks.update.mutate({ id: 'a', version: 1, title: 'New title' });
    };
    expectTypeOf(compileOnly).toBeFunction();
    expectTypeOf<TasklaneClient['tasks']['list']>().not.toHaveProperty('mutate');
    expectTypeOf<TasklaneClient['tasks']['create']>().not.toHaveProperty('query');
  });

  it('types the live stream: tracked events with their id, and its resume point', () => {
    type Subscribe = TasklaneClient['tasks']['changes']['subscribe'];
    type Handlers = Parameters<Subscribe>[1];
    type Received = Parameters<NonNullable<Handlers['onData']>>[0];
    expectTypeOf<Received>().toEqualTypeOf<{ id: string; data: TaskEvent }>();
    expectTypeOf<Extract<TaskEvent, { type: 'upsert' }>['task']>().toEqualTypeOf<Task>();
    expectTypeOf<TaskEvent['type']>().toEqualTypeOf<'upsert' | 'delete' | 'reset' | 'reminder'>();
    expectTypeOf<{ lastEventId: string }>().toExtend<Parameters<Subscribe>[0]>();
    expectTypeOf<undefined>().toExtend<Parameters<Subscribe>[0]>();
  });
});
