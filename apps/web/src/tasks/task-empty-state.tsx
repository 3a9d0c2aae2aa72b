import { Button } from '../ui/button';

/** An empty list: a first-task hint, or a way out of filters that match nothing. */
export function EmptyState({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  return (
    <div className="rounded-xl border border-dashed border-slate-300 px-4 py-10 text-center dark:border-slate-700">
      {filtered ? (
        <>
          <p className="font-medium">No tasks match these filters.</p>
          <Button variant="secondary" size="sm" className="mt-3" onClick={onClear}>
            Clear filters
          </Button>
        </>
      ) : (
        <>
          <p className="font-medium">Nothing to do yet.</p>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Add your first task above.
          </p>
        </>
      )}
    </div>
  );
}
