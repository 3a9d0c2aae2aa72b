// A task as the API returns it, for unit tests of pure task logic.

let taskCounter = 0;

export function makeTask(fields: Partial<Task> = {}): Task {
  taskCounter += 1;
  const at = new Date('2026-03-01T09:00:00Z');
  return {
    id: `00000000-0000-4000-8000-${String(taskCounter).padStart(12, '0')}`,
    title: `Task ${taskCounter}`,
    description: '',
    completed: false,
    priority: 'medium',
    dueAt: null,
    tags: [],
    createdAt: at,
    updatedAt: at,
    completedAt: null,
    version: 1,
    listId: null,
    recurrence: null,
    ...fields,
  };
}
import type { Task } from '@tasklane/api/client';
