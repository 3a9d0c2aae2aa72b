// What the tasks screen shows when the URL names a list the person does not have: one deleted
// since (here, in another tab or elsewhere) or a link to someone else's. The server answers
// NOT_FOUND for it, so its tasks are not asked for; the way out keeps the other filters.
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';

export function MissingList({ onShowAll }: { onShowAll: () => void }) {
  return (
    <Alert tone="info">
      <p className="font-medium">This list no longer exists.</p>
      <p className="mt-1">It may have been deleted, or the link names a list that is not yours.</p>
      <Button variant="secondary" size="sm" className="mt-3" onClick={onShowAll}>
        Show all tasks
      </Button>
    </Alert>
  );
}
