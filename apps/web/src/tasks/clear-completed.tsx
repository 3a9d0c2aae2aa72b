// "Clear completed", asking once before deleting every completed task.
import { useState } from 'react';

import { Button } from '../ui/button';

export function ClearCompleted({ count, onConfirm }: { count: number; onConfirm: () => void }) {
  const [confirming, setConfirming] = useState(false);
  if (count === 0) return null;
  return confirming ? (
    <div className="flex items-center gap-2" role="group" aria-label="Clear completed">
      <span className="text-sm">Delete {count} completed?</span>
      <Button
        variant="danger"
        size="sm"
        onClick={() => {
          setConfirming(false);
          onConfirm();
        }}
      >
        Delete
      </Button>
      <Button
        variant="secondary"
        size="sm"
        onClick={() => {
          setConfirming(false);
        }}
      >
        Cancel
      </Button>
    </div>
  ) : (
    <Button
      variant="secondary"
      size="sm"
      onClick={() => {
        setConfirming(true);
      }}
    >
      Clear completed
    </Button>
  );
}
