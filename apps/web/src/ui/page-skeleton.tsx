import { Skeleton } from './skeleton';

/** Shown while the session is restored or a screen's code loads. */
export function PageSkeleton({ inShell = false }: { inShell?: boolean }) {
  return (
    <div
      role="status"
      aria-label="Loading"
      className={
        inShell ? 'flex flex-col gap-3' : 'mx-auto flex max-w-3xl flex-col gap-3 px-4 py-10'
      }
    >
      <Skeleton className="h-8 w-40" />
      <Skeleton className="h-12 w-full" />
      <Skeleton className="h-16 w-full" />
      <Skeleton className="h-16 w-full" />
    </div>
  );
}
