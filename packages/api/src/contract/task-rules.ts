// The rules of a task that forms, filters and the server share: limits, the allowed values of
// each enum, and the order each sort uses by default. Plain values, no zod, so a first render
// shows them without loading the validators.

export const TASK_LIMITS = {
  titleMaxLength: 200,
  descriptionMaxLength: 5000,
  tagsPerTask: 20,
  tagMaxLength: 32,
  tasksPerUser: 10_000,
  pageSizeMax: 100,
  pageSizeDefault: 50,
  searchMaxLength: 200,
  searchMaxWords: 10,
} as const;

export const TASK_PRIORITIES = ['low', 'medium', 'high'] as const;
export const TASK_SORTS = ['created', 'due', 'priority', 'title'] as const;
export const TASK_ORDERS = ['asc', 'desc'] as const;
export const TASK_STATUSES = ['all', 'active', 'completed'] as const;
export const TASK_DUE_FILTERS = ['overdue', 'today', 'week', 'none'] as const;

export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export type TaskSort = (typeof TASK_SORTS)[number];
export type TaskOrder = (typeof TASK_ORDERS)[number];
export type TaskStatusFilter = (typeof TASK_STATUSES)[number];
export type TaskDueFilter = (typeof TASK_DUE_FILTERS)[number];

/** The order a sort uses when none is given: newest, most urgent, soonest due, A to Z. */
export const DEFAULT_TASK_ORDER: Readonly<Record<TaskSort, TaskOrder>> = {
  created: 'desc',
  priority: 'desc',
  due: 'asc',
  title: 'asc',
};
