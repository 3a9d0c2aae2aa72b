import { act, fireEvent, render, screen } from '@testing-library/react';
import { useEffect } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ToastProvider, useToast } from './toasts';

function ShowOnMount({ onExpire }: { onExpire: () => void }) {
  const toast = useToast();
  useEffect(() => {
    toast.show({
      message: 'Deleted “Milk”.',
      action: { label: 'Undo', onAction: () => undefined },
      onExpire,
    });
  }, [toast, onExpire]);
  return null;
}

function renderToast() {
  const onExpire = vi.fn();
  render(
    <ToastProvider>
      <ShowOnMount onExpire={onExpire} />
    </ToastProvider>,
  );
  return { onExpire, toast: screen.getByRole('status') };
}

afterEach(() => {
  vi.useRealTimers();
});

// WCAG 2.2.1 (timing adjustable): a toast does not run out while someone points at it or is in it.
describe('toasts', () => {
  it('go away on their own when left alone', () => {
    vi.useFakeTimers();
    const { onExpire } = renderToast();
    act(() => {
      vi.advanceTimersByTime(6000);
    });
    expect(onExpire).toHaveBeenCalledOnce();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('pause while the pointer is over them, and resume with the time they had left', () => {
    vi.useFakeTimers();
    const { onExpire, toast } = renderToast();
    act(() => {
      vi.advanceTimersByTime(4000);
    });
    fireEvent.mouseEnter(toast);
    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    expect(onExpire).not.toHaveBeenCalled();
    fireEvent.mouseLeave(toast);
    act(() => {
      vi.advanceTimersByTime(1900);
    });
    expect(onExpire).not.toHaveBeenCalled();
    act(() => {
      vi.advanceTimersByTime(100);
    });
    expect(onExpire).toHaveBeenCalledOnce();
  });

  it('pause while focus is in them', () => {
    vi.useFakeTimers();
    const { onExpire } = renderToast();
    const undo = screen.getByRole('button', { name: 'Undo' });
    act(() => {
      undo.focus();
    });
    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    expect(onExpire).not.toHaveBeenCalled();
    expect(screen.getByRole('status')).toBeInTheDocument();
    act(() => {
      undo.blur();
    });
    act(() => {
      vi.advanceTimersByTime(6000);
    });
    expect(onExpire).toHaveBeenCalledOnce();
  });

  // The toast with the focused Undo button goes away with it, and no blur event says so.
  it('keep counting after a focused or pointed-at Undo went away with its toast', () => {
    vi.useFakeTimers();
    const later = vi.fn();
    function Later() {
      const toast = useToast();
      return (
        <button
          type="button"
          onClick={() => toast.show({ message: 'Deleted “Eggs”.', onExpire: later })}
        >
          Delete again
        </button>
      );
    }
    render(
      <ToastProvider>
        <ShowOnMount onExpire={() => undefined} />
        <Later />
      </ToastProvider>,
    );
    const undo = screen.getByRole('button', { name: 'Undo' });
    act(() => {
      undo.focus();
    });
    fireEvent.mouseEnter(screen.getByRole('status'));
    fireEvent.click(undo);
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Delete again' }));
    act(() => {
      vi.advanceTimersByTime(5000);
    });
    expect(later).toHaveBeenCalledOnce();
  });
});
