// Short-lived messages at the bottom of the screen: results of background work, failures of
// optimistic changes, and the undo of a delete. Announced by screen readers, never stealing focus.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';

import { cx, focusRing } from './class-names';

export interface ToastOptions {
  message: string;
  tone?: 'info' | 'error';
  action?: { label: string; onAction: () => void };
  /** Milliseconds before it goes away; an action keeps it a little longer by default. */
  durationMs?: number;
  /** Called when the toast goes away without its action being used. */
  onExpire?: () => void;
}

interface Toast extends ToastOptions {
  id: number;
}

interface ToastApi {
  show: (options: ToastOptions) => number;
  dismiss: (id: number) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

interface ToastTimer {
  timer: ReturnType<typeof setTimeout> | undefined;
  remainingMs: number;
  startedAt: number;
  expire: () => void;
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Map<number, ToastTimer>());
  // WCAG 2.2.1: while the pointer is over the toasts or focus is in them, no time runs out.
  const region = useRef<HTMLDivElement>(null);
  const hovered = useRef(false);
  // Read from the document, not kept from focus events: a focused button that goes away with its
  // toast (Undo) fires no blur, and a kept flag would then hold every later toast forever.
  const paused = (): boolean =>
    hovered.current || (region.current?.contains(document.activeElement) ?? false);

  const run = useCallback((entry: ToastTimer) => {
    entry.startedAt = Date.now();
    entry.timer = setTimeout(entry.expire, entry.remainingMs);
  }, []);

  const remove = useCallback((id: number) => {
    const entry = timers.current.get(id);
    if (entry !== undefined) clearTimeout(entry.timer);
    timers.current.delete(id);
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);

  const show = useCallback(
    (options: ToastOptions): number => {
      const id = nextId.current++;
      setToasts((current) => [...current.slice(-3), { ...options, id }]);
      const entry: ToastTimer = {
        timer: undefined,
        remainingMs: options.durationMs ?? (options.action === undefined ? 5000 : 6000),
        startedAt: Date.now(),
        expire: () => {
          remove(id);
          options.onExpire?.();
        },
      };
      timers.current.set(id, entry);
      if (!paused()) run(entry);
      return id;
    },
    [remove, run],
  );

  const pauseOrResume = (): void => {
    for (const entry of timers.current.values()) {
      if (paused() && entry.timer !== undefined) {
        clearTimeout(entry.timer);
        entry.timer = undefined;
        entry.remainingMs -= Date.now() - entry.startedAt;
      } else if (!paused() && entry.timer === undefined) {
        run(entry);
      }
    }
  };

  // After toasts come or go: an emptied region is neither pointed at nor focused (the element
  // under the pointer or holding focus went away with its toast, and no leave event says so).
  useEffect(() => {
    if (toasts.length === 0) hovered.current = false;
    pauseOrResume();
  });

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const entry of pending.values()) clearTimeout(entry.timer);
    };
  }, []);

  const api = useMemo<ToastApi>(() => ({ show, dismiss: remove }), [show, remove]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div
        aria-live="polite"
        onMouseEnter={() => {
          hovered.current = true;
          pauseOrResume();
        }}
        onMouseLeave={() => {
          hovered.current = false;
          pauseOrResume();
        }}
        ref={region}
        onFocus={pauseOrResume}
        onBlur={(event) => {
          if (event.currentTarget.contains(event.relatedTarget)) return;
          pauseOrResume();
        }}
        className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4"
      >
        {toasts.map((toast) => (
          <div
            key={toast.id}
            role={toast.tone === 'error' ? 'alert' : 'status'}
            className={cx(
              'pointer-events-auto flex w-full max-w-md items-center gap-3 rounded-lg px-4 py-3 text-sm shadow-lg',
              toast.tone === 'error'
                ? 'bg-red-700 text-white'
                : 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900',
            )}
          >
            <p className="flex-1">{toast.message}</p>
            {toast.action !== undefined && (
              <button
                type="button"
                onClick={() => {
                  remove(toast.id);
                  toast.action?.onAction();
                }}
                className={cx('rounded-md px-2 py-1 font-semibold underline', focusRing)}
              >
                {toast.action.label}
              </button>
            )}
            <button
              type="button"
              aria-label="Dismiss"
              onClick={() => {
                remove(toast.id);
                toast.onExpire?.();
              }}
              className={cx('rounded-md px-2 py-1 opacity-80 hover:opacity-100', focusRing)}
            >
              ✕
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (api === null) throw new Error('useToast() needs <ToastProvider> above it');
  return api;
}
