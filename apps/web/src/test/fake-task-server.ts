// A small in-memory task service for component tests of the task screen.
import type { Task, TaskListInput } from '../trpc/api-types';
import { apiError, makeTask, type Handlers } from './fake-api';

export interface FakeTaskServer {
  tasks: Task[];
  handlers: Handlers;
}

export function fakeTaskServer(initial: Task[], pageSize = 50): FakeTaskServer {
  const server: FakeTaskServer = { tasks: [...initial], handlers: {} };
  const find = (id: string): Task => {
    const task = server.tasks.find((item) => item.id === id);
    if (task === undefined) throw apiError('NOT_FOUND', 'Task not found');
    return task;
  };
  const save = (task: Task): Task => {
    server.tasks = server.tasks.map((item) => (item.id === task.id ? task : item));
    return task;
  };
  server.handlers = {
    'tasks.list': (raw) => {
      const input = raw as TaskListInput;
      const words = (input.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const matching = server.tasks.filter(
        (task) =>
          (input.status !== 'active' || !task.completed) &&
          (input.status !== 'completed' || task.completed) &&
          words.every((word) => task.title.toLowerCase().includes(word)),
      );
      const start = input.cursor === undefined || input.cursor === null ? 0 : Number(input.cursor);
      const items = matching.slice(start, start + pageSize);
      const next = start + pageSize;
      return { items, nextCursor: next < matching.length ? String(next) : null };
    },
    'tasks.stats': () => {
      const completed = server.tasks.filter((task) => task.completed).length;
      return {
        total: server.tasks.length,
        active: server.tasks.length - completed,
        completed,
        overdue: 0,
        dueToday: 0,
      };
    },
    'tasks.create': (raw) => {
      const input = raw as Pick<
        Task,
        'id' | 'title' | 'description' | 'priority' | 'dueAt' | 'tags'
      >;
      const task = makeTask({ ...input });
      server.tasks = [task, ...server.tasks];
      return task;
    },
    'tasks.setCompleted': (raw) => {
      const { id, completed } = raw as { id: string; completed: boolean };
      const task = find(id);
      return save({ ...task, completed, version: task.version + 1 });
    },
    'tasks.update': (raw) => {
      const { id, version, ...changes } = raw as { id: string; version: number } & Partial<Task>;
      const task = find(id);
      if (task.version !== version) {
        throw apiError('CONFLICT', 'This task was changed by someone else.', {
          details: { current: task },
        });
      }
      return save({ ...task, ...changes, version: task.version + 1 });
    },
    'tasks.delete': (raw) => {
      const { id } = raw as { id: string };
      server.tasks = server.tasks.filter((task) => task.id !== id);
      return { id };
    },
    'tasks.clearCompleted': () => {
      const before = server.tasks.length;
      server.tasks = server.tasks.filter((task) => !task.completed);
      return { deleted: before - server.tasks.length };
    },
  };
  return server;
}
