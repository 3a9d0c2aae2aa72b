// The account screen's API keys: create one (name, scopes, expiry) and copy its secret, shown
// this once; the list with each key's last use and expiry; revoke. Contract:
// specs/contracts/api-keys.md.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';

import type { RouterOutputs } from '@tasklane/api/client';
import { API_KEY_SCOPES, type ApiKeyScope } from '@tasklane/api/contract';

import { errorMessage } from '../trpc/error-message';
import { useTRPC } from '../trpc/trpc';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { cx, focusRing } from '../ui/class-names';
import { SelectField } from '../ui/select-field';
import { Skeleton } from '../ui/skeleton';
import { TextField } from '../ui/text-field';
import { useToast } from '../ui/toasts';
import { useForm } from '../ui/use-form';
import { loadValidators } from '../validation/load-validators';
import { formatRelative } from './relative-time';
import { Section } from './section';

type ApiKey = RouterOutputs['apiKeys']['list'][number];
type Expiry = '7' | '30' | '90' | '365' | 'never';

const EXPIRY_OPTIONS: { value: Expiry; label: string }[] = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
];

const NEW_KEY: { name: string; scopes: ApiKeyScope[]; expiry: Expiry } = {
  name: '',
  scopes: ['tasks:read'],
  expiry: '30',
};

/** "Read tasks" for tasks:read, "Change lists" for lists:write. */
function scopeLabel(scope: ApiKeyScope): string {
  const [resource, access] = scope.split(':');
  return `${access === 'write' ? 'Change' : 'Read'} ${resource ?? scope}`;
}

function expiryText(key: ApiKey, now: Date): string {
  if (key.expiresAt === null) return 'Never expires';
  if (key.expiresAt.getTime() <= now.getTime()) return 'Expired';
  return `Expires ${key.expiresAt.toLocaleDateString()}`;
}

export function ApiKeysSection({ now }: { now: Date }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter());
  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSettled: refresh }));
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSettled: refresh,
      onError: (error) => {
        toast.show({ tone: 'error', message: errorMessage(error) });
      },
    }),
  );
  const form = useForm({
    initial: NEW_KEY,
    validate: async ({ name, scopes, expiry }) => {
      const values = {
        name,
        scopes,
        expiresInDays: expiry === 'never' ? null : Number(expiry),
      };
      return (await loadValidators())?.validateApiKeyCreate(values) ?? { ok: true, value: values };
    },
    send: async (checked) => {
      const result = await create.mutateAsync({
        ...checked,
        scopes: checked.scopes.filter((scope): scope is ApiKeyScope =>
          API_KEY_SCOPES.some((known) => known === scope),
        ),
      });
      form.reset();
      setCreated({ name: result.apiKey.name, secret: result.secret });
    },
  });
  const scopesId = useId();

  return (
    <Section
      title="API keys"
      description="Keys let other services and scripts use your tasks without your password. A key can do only what its scopes allow, and never manages your account."
    >
      {created !== null && (
        <NewKeySecret
          name={created.name}
          secret={created.secret}
          onDone={() => {
            setCreated(null);
          }}
        />
      )}
      {keys.isPending ? (
        <div className="flex flex-col gap-2" role="status" aria-label="Loading API keys">
          <Skeleton className="h-14 w-full" />
        </div>
      ) : keys.isError ? (
        <Alert tone="error">{errorMessage(keys.error)}</Alert>
      ) : keys.data.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No API keys yet.</p>
      ) : (
        <ul
          aria-label="Your API keys"
          className="flex flex-col divide-y divide-slate-200 dark:divide-slate-800"
        >
          {keys.data.map((key) => {
            const lastUsed =
              key.lastUsedAt === null
                ? 'Never used'
                : `Last used ${formatRelative(key.lastUsedAt, now)}`;
            return (
              <li key={key.id} className="flex items-center gap-3 py-3">
                <div className="min-w-0 flex-1">
                  <p className="font-medium break-words">
                    {key.name}{' '}
                    <code className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                      {key.prefix}…
                    </code>
                  </p>
                  <p className="text-sm text-slate-600 dark:text-slate-400">
                    {key.scopes.join(', ')} · {lastUsed} · {expiryText(key, now)}
                  </p>
                </div>
                <Button
                  variant="secondary"
                  size="sm"
                  pending={revoke.isPending && revoke.variables.id === key.id}
                  aria-label={`Revoke ${key.name} (${key.prefix}…)`}
                  onClick={() => {
                    revoke.mutate({ id: key.id });
                  }}
                >
                  Revoke
                </Button>
              </li>
            );
          })}
        </ul>
      )}

      <form noValidate onSubmit={form.onSubmit} className="mt-4 flex flex-col gap-4">
        <h3 className="text-base font-semibold">Create a key</h3>
        {form.failure !== null && <Alert tone="error">{form.failure}</Alert>}
        <TextField
          label="Name"
          name="api-key-name"
          autoComplete="off"
          hint="What uses the key, e.g. “Backup script”."
          value={form.values.name}
          errors={form.errors.name}
          onChange={(event) => {
            form.setField('name', event.target.value);
          }}
        />
        <fieldset
          className="flex flex-col gap-2"
          aria-describedby={form.errors.scopes === undefined ? undefined : `${scopesId}-error`}
        >
          <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">Scopes</legend>
          <div className="flex flex-wrap gap-x-5 gap-y-2">
            {API_KEY_SCOPES.map((scope) => (
              <label key={scope} className="flex cursor-pointer items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={form.values.scopes.includes(scope)}
                  onChange={(event) => {
                    const others = form.values.scopes.filter((chosen) => chosen !== scope);
                    form.setField(
                      'scopes',
                      event.target.checked
                        ? API_KEY_SCOPES.filter(
                            (known) => known === scope || others.includes(known),
                          )
                        : others,
                    );
                  }}
                  className={cx('size-4 cursor-pointer accent-indigo-600', focusRing)}
                />
                {scopeLabel(scope)}{' '}
                <code className="text-xs text-slate-600 dark:text-slate-400">{scope}</code>
              </label>
            ))}
          </div>
          {form.errors.scopes !== undefined && (
            <p
              id={`${scopesId}-error`}
              className="text-sm font-medium text-red-700 dark:text-red-400"
            >
              {form.errors.scopes.join(' ')}
            </p>
          )}
        </fieldset>
        <SelectField
          label="Expires after"
          value={form.values.expiry}
          options={EXPIRY_OPTIONS}
          onValueChange={(value) => {
            form.setField('expiry', value);
          }}
          className="max-w-48"
        />
        {form.errors.expiresInDays !== undefined && (
          <p className="text-sm font-medium text-red-700 dark:text-red-400">
            {form.errors.expiresInDays.join(' ')}
          </p>
        )}
        <Button type="submit" pending={form.submitting} className="self-start">
          {form.submitting ? 'Creating…' : 'Create key'}
        </Button>
      </form>
    </Section>
  );
}

/** The new key's secret, shown once, with a copy button. */
function NewKeySecret({
  name,
  secret,
  onDone,
}: {
  name: string;
  secret: string;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const fieldId = useId();
  return (
    <div
      role="status"
      className="mb-4 flex flex-col gap-3 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-50"
    >
      <p className="font-semibold">Key “{name}” created.</p>
      <p>
        Copy it now and keep it somewhere safe. <strong>You will not see it again.</strong>
      </p>
      <label htmlFor={fieldId} className="sr-only">
        The new API key
      </label>
      <input
        id={fieldId}
        readOnly
        value={secret}
        onFocus={(event) => {
          event.target.select();
        }}
        className={cx(
          'w-full rounded-md border border-emerald-300 bg-white px-2 py-1.5 font-mono text-xs text-slate-900 dark:border-emerald-700 dark:bg-slate-950 dark:text-slate-100',
          focusRing,
        )}
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button
          size="sm"
          onClick={() => {
            navigator.clipboard.writeText(secret).then(
              () => {
                setCopied('yes');
              },
              () => {
                setCopied('failed');
              },
            );
          }}
        >
          Copy key
        </Button>
        <Button variant="secondary" size="sm" onClick={onDone}>
          Done
        </Button>
        {copied === 'yes' && <span>Copied.</span>}
        {copied === 'failed' && <span>Could not copy: select the key and copy it.</span>}
      </div>
    </div>
  );
}
