import { act, renderHook, waitFor } from '@testing-library/react';
import type { SubmitEvent } from 'react';
import { describe, expect, it } from 'vitest';

import { useForm } from './use-form';

const submitEvent = () =>
  ({ preventDefault: () => undefined }) as unknown as SubmitEvent<HTMLFormElement>;

describe('useForm', () => {
  it('shows the check’s field errors, sends nothing, and drops a field’s errors as it is edited', async () => {
    const sent: string[] = [];
    const { result } = renderHook(() =>
      useForm({
        initial: { name: '' },
        validate: (values) =>
          Promise.resolve(
            values.name === ''
              ? { ok: false as const, errors: { name: ['Enter a name.'] } }
              : { ok: true as const, value: values },
          ),
        send: (checked) => {
          sent.push(checked.name);
          return Promise.resolve();
        },
      }),
    );
    act(() => {
      result.current.onSubmit(submitEvent());
    });
    await waitFor(() => {
      expect(result.current.errors).toEqual({ name: ['Enter a name.'] });
    });
    act(() => {
      result.current.setField('name', 'Ada');
    });
    expect(result.current.values).toEqual({ name: 'Ada' });
    expect(result.current.errors).toEqual({});
    act(() => {
      result.current.onSubmit(submitEvent());
    });
    await waitFor(() => {
      expect(sent).toEqual(['Ada']);
    });
  });

  it('is submitting until the send settles, then shows a failure that names no field', async () => {
    let fail: (error: Error) => void = () => undefined;
    const { result } = renderHook(() =>
      useForm({
        initial: { name: 'Ada' },
        validate: (values) => Promise.resolve({ ok: true as const, value: values }),
        send: () =>
          new Promise<void>((_, reject) => {
            fail = reject;
          }),
      }),
    );
    act(() => {
      result.current.onSubmit(submitEvent());
    });
    await waitFor(() => {
      expect(result.current.submitting).toBe(true);
    });
    act(() => {
      fail(new Error('offline'));
    });
    await waitFor(() => {
      expect(result.current.submitting).toBe(false);
    });
    expect(result.current.failure).not.toBeNull();
    expect(result.current.errors).toEqual({});
    act(() => {
      result.current.reset();
    });
    expect(result.current.failure).toBeNull();
  });

  it('tells onInvalid about refused values, and update() keeps errors until clearErrors()', async () => {
    const refused: unknown[] = [];
    const { result } = renderHook(() =>
      useForm({
        initial: { title: '', tags: [] as string[] },
        validate: () =>
          Promise.resolve({ ok: false as const, errors: { title: ['Enter a title.'] } }),
        send: () => Promise.resolve(),
        onInvalid: (errors) => {
          refused.push(errors);
        },
      }),
    );
    act(() => {
      result.current.onSubmit(submitEvent());
    });
    await waitFor(() => {
      expect(refused).toEqual([{ title: ['Enter a title.'] }]);
    });
    act(() => {
      result.current.update({ tags: ['home'] });
    });
    expect(result.current.values).toEqual({ title: '', tags: ['home'] });
    expect(result.current.errors).toEqual({ title: ['Enter a title.'] });
    act(() => {
      result.current.clearErrors();
    });
    expect(result.current.errors).toEqual({});
  });
});
