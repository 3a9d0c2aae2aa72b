// Keys are denied by default: every procedure of the whole router is called with a key, and only
// those listed below (the scope map of specs/contracts/api-keys.md) may answer it. A procedure
// added later is refused to keys, or fails this test, until someone lists it here with its scope.
import { callTRPCProcedure, TRPCError, type TRPCProcedureType } from '@trpc/server';
import { afterEach, expect, it } from 'vitest';

import { describeEachDatabase } from '@tasklane/db/testing';

import {
  API_KEY_RESOURCES,
  API_KEY_SCOPES,
  scopeFor,
  type ApiKeyResource,
  type ApiKeyScope,
} from '../contract/api-key-rules';
import { createContext, type ApiServices } from '../context';
import { appRouter } from '../root';
import { openedServices, recordingResponse, signedInTestUser, testRequest } from '../testing';
import { bearer } from '../testing/auth-test-support';
import { createKey } from './api-key-test-support';

/** Every procedure a key may call, with the scope it needs; `any`: every valid key. */
const KEY_PROCEDURES: Readonly<Record<string, ApiKeyScope | 'any'>> = {
  'auth.me': 'any',
  'tasks.list': 'tasks:read',
  'tasks.get': 'tasks:read',
  'tasks.stats': 'tasks:read',
  'tasks.changes': 'tasks:read',
  'tasks.create': 'tasks:write',
  'tasks.update': 'tasks:write',
  'tasks.setCompleted': 'tasks:write',
  'tasks.delete': 'tasks:write',
  'tasks.clearCompleted': 'tasks:write',
  'reminders.list': 'tasks:read',
  'reminders.create': 'tasks:write',
  'reminders.delete': 'tasks:write',
  'lists.list': 'lists:read',
  'lists.create': 'lists:write',
  'lists.update': 'lists:write',
  'lists.delete': 'lists:write',
};

const NOT_ALLOWED = 'An API key cannot do this. Sign in to Tasklane as the person to do it.';

function procedureType(procedure: unknown): TRPCProcedureType {
  const type: unknown =
    typeof procedure === 'function' && '_def' in procedure
      ? (procedure._def as { type?: unknown }).type
      : undefined;
  if (type === 'query' || type === 'mutation' || type === 'subscription') return type;
  throw new Error('not a procedure');
}

/** Every procedure of the router by its path, as tRPC dispatches requests (`_def.procedures`). */
function allProcedures(): { path: string; type: TRPCProcedureType }[] {
  // A lazily loaded router would appear in `procedures` only once loaded: there must be none.
  expect(Object.keys(appRouter._def.lazy)).toEqual([]);
  return Object.entries(appRouter._def.procedures).map(([path, procedure]) => ({
    path,
    type: procedureType(procedure),
  }));
}

function resourceOf(scope: ApiKeyScope): ApiKeyResource {
  const resource = API_KEY_RESOURCES.find((candidate) => scope.startsWith(`${candidate}:`));
  if (resource === undefined) throw new Error(`no resource for ${scope}`);
  return resource;
}

/** What a call answers: 'ok', or the code and message it was refused with. */
type Answer = { code: string; message: string } | 'ok';

describeEachDatabase('API keys are denied by default', (database) => {
  const opened = openedServices(database);
  afterEach(() => opened.closeAll());

  function services(): Promise<ApiServices> {
    // Every call below is one request with the key: room for all of them.
    return opened.open({ rateLimits: { apiKeyRequests: { limit: 10_000, windowSeconds: 60 } } });
  }

  /**
   * Calls `path` as an HTTP request would, with no input: who may call is decided before the input
   * is read, so a refused call never gets that far and an allowed one answers BAD_REQUEST at worst.
   */
  async function answer(
    api: ApiServices,
    secret: string,
    { path, type }: { path: string; type: TRPCProcedureType },
  ): Promise<Answer> {
    const ctx = createContext(
      api,
      testRequest({ authorization: bearer(secret) }),
      recordingResponse(),
    );
    const abort = new AbortController();
    try {
      await callTRPCProcedure({
        router: appRouter,
        path,
        type,
        ctx,
        getRawInput: () => Promise.resolve(undefined),
        signal: abort.signal,
        batchIndex: 0,
      });
      return 'ok';
    } catch (error) {
      if (error instanceof TRPCError) return { code: error.code, message: error.message };
      throw error;
    } finally {
      // Ends a subscription's stream, if one was opened.
      abort.abort();
    }
  }

  const refusedAsKey = (result: Answer): boolean =>
    result !== 'ok' && (result.code === 'FORBIDDEN' || result.code === 'UNAUTHORIZED');

  it('refuses a key holding every scope on every procedure not listed, whatever it is built with', async () => {
    const api = await services();
    const owner = await signedInTestUser(api);
    const { secret } = await createKey(api, owner.accessToken, { scopes: [...API_KEY_SCOPES] });

    const procedures = allProcedures();
    const paths = procedures.map(({ path }) => path);
    // The list names only procedures that exist (a renamed one is not silently dropped) ...
    expect(Object.keys(KEY_PROCEDURES).filter((path) => !paths.includes(path))).toEqual([]);
    // ... and the walk sees the whole router, not only the part that is listed.
    expect(paths.length).toBeGreaterThan(Object.keys(KEY_PROCEDURES).length + 20);

    for (const procedure of procedures) {
      const result = await answer(api, secret, procedure);
      if (KEY_PROCEDURES[procedure.path] === undefined) {
        expect([procedure.path, result]).toEqual([
          procedure.path,
          { code: 'FORBIDDEN', message: NOT_ALLOWED },
        ]);
      } else {
        expect([procedure.path, refusedAsKey(result)]).toEqual([procedure.path, false]);
      }
    }
  });

  it('lets each listed procedure in with exactly its scope, the one the scope map gives its kind', async () => {
    const api = await services();
    const owner = await signedInTestUser(api);
    const types = new Map(allProcedures().map(({ path, type }) => [path, type]));
    const keyWith = async (scopes: ApiKeyScope[]) =>
      (await createKey(api, owner.accessToken, { scopes })).secret;
    const holders = new Map<ApiKeyScope, { only: string; allBut: string }>();
    for (const scope of API_KEY_SCOPES) {
      holders.set(scope, {
        only: await keyWith([scope]),
        allBut: await keyWith(API_KEY_SCOPES.filter((other) => other !== scope)),
      });
    }

    for (const [path, scope] of Object.entries(KEY_PROCEDURES)) {
      const type = types.get(path);
      if (type === undefined) throw new Error(`${path} is not in the router`);
      if (scope === 'any') {
        for (const { only } of holders.values()) {
          expect([path, await answer(api, only, { path, type })]).toEqual([path, 'ok']);
        }
        continue;
      }
      // The scope's access is the one its kind needs (reminders.* go with the tasks resource).
      expect([path, scopeFor(resourceOf(scope), type)]).toEqual([path, scope]);
      const holder = holders.get(scope);
      if (holder === undefined) throw new Error(`no key for ${scope}`);
      const withIt = await answer(api, holder.only, { path, type });
      expect([path, refusedAsKey(withIt)]).toEqual([path, false]);
      const without = await answer(api, holder.allBut, { path, type });
      expect([path, without]).toEqual([
        path,
        { code: 'FORBIDDEN', message: `This API key does not have the ${scope} scope.` },
      ]);
    }
  });
});
