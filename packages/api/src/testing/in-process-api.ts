// The real router in the test's own process, for suites outside this package (the web app's
// component tests): a fresh PGlite database from the migrated snapshot, real services, and a
// `fetch` that behaves as the browser's does towards Tasklane's origin (relative URLs, Origin on
// writes, a cookie jar for the HttpOnly refresh cookie). Give it to the app's real HTTP links.
import { randomInt, randomUUID } from 'node:crypto';

import superjson from 'superjson';

import { createTestPglite } from '@tasklane/db/testing';

import type { User } from '../accounts/user-store';
import type { AuthSession } from '../sessions/session-delivery';
import type { AuthRateLimits } from '../limits/auth-rate-limits';
import { fetchTestServer } from '../client/fetch-test-server';
import { listOutboxMails, readOutboxMail, type OutboxMail } from '../mail/outbox-reader';
import type { ApiServices } from '../context';
import type { createCaller } from '../root';
import { callerFor, createTestServices, signedInTestUser } from './test-context';

export interface ProcedureCall {
  path: string;
  input: unknown;
}

export interface InProcessUser {
  user: User;
  /** What sign-in would give the app: the user and a live access token. */
  session: AuthSession;
  /** The same person through the router directly, e.g. another device changing a task. */
  caller: ReturnType<typeof createCaller>;
}

export interface InProcessApi {
  /** The origin the app runs on; the API accepts cookie-based calls from it. */
  readonly origin: string;
  /** A browser's `fetch` towards the API: give it to the app's HTTP links. */
  fetch: typeof globalThis.fetch;
  /** Every procedure call that reached the API, in order, with its decoded input. */
  readonly calls: ProcedureCall[];
  callsTo(path: string): unknown[];
  services: ApiServices;
  /** A new person with a live session, inserted directly (no password hashing). */
  signedInUser(fields?: { name?: string }): Promise<InProcessUser>;
  /** A new person with a real password, signed up from a device with `userAgent`. */
  registeredUser(
    password: string,
    fields?: { name?: string; userAgent?: string },
  ): Promise<InProcessUser & { email: string }>;
  /** Signs in from another device: a session of its own. */
  signIn(email: string, password: string, userAgent?: string): Promise<InProcessUser>;
  /**
   * The mails queued to `to`, oldest first, as /dev/mail shows them: mail stays in the outbox
   * here (no SMTP), and each holds its text, HTML and link.
   */
  mailsTo(to: string): Promise<OutboxMail[]>;
  /** Holds every request carrying `path` until the returned function is called. */
  hold(path: string): () => void;
  /** Holds only the next request carrying `path` (later ones pass) until the returned function is called. */
  holdNext(path: string): () => void;
  /**
   * Lets every request carrying `path` reach the API, and holds its answer until `release`: a
   * read made before a write, answered after it. `reached` resolves once an answer is held.
   */
  holdAnswers(path: string): { release: () => void; reached: Promise<void> };
  /** Holds what open live streams deliver (events on their way) until the returned function is called. */
  holdEvents(): () => void;
  /** The next request carrying `path` fails as a dropped connection does, before reaching the API. */
  dropNext(path: string): void;
  /** Cuts every open live stream (`tasks.changes`) as a dropped connection does. */
  dropStreams(): void;
  close(): Promise<void>;
}

export interface InProcessApiOptions {
  origin?: string;
  rateLimits?: Partial<AuthRateLimits>;
}

/** The procedure calls of one tRPC HTTP request (batched or not), inputs decoded. */
async function decodeCalls(request: Request): Promise<ProcedureCall[]> {
  const url = new URL(request.url);
  const paths = decodeURIComponent(url.pathname.replace(/^\/api\/trpc\//, '')).split(',');
  const raw = request.method === 'GET' ? url.searchParams.get('input') : await request.text();
  const parsed: unknown = raw === null || raw === '' ? undefined : JSON.parse(raw);
  const batched = url.searchParams.get('batch') === '1';
  const decode = (value: unknown): unknown =>
    value === undefined || value === null
      ? undefined
      : superjson.deserialize(value as Parameters<typeof superjson.deserialize>[0]);
  return paths.map((path, index) => ({
    path,
    input: decode(
      batched ? (parsed as Record<string, unknown> | undefined)?.[String(index)] : parsed,
    ),
  }));
}

function cookieJar() {
  const cookies = new Map<string, string>();
  return {
    header: (): string =>
      [...cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; '),
    store(response: Response): void {
      for (const line of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
        const separator = pair.indexOf('=');
        const name = pair.slice(0, separator);
        const expired = attributes.some((attribute) => /^max-age=0$/i.test(attribute));
        if (expired) cookies.delete(name);
        else cookies.set(name, decodeURIComponent(pair.slice(separator + 1)));
      }
    },
  };
}

function newGate(): { gate: Promise<void>; release: () => void } {
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { gate, release };
}

/** Closes the gate at `path` in `gates` until the returned function is called. */
function holdIn(gates: Map<string, Promise<void>>, path: string): () => void {
  const { gate, release } = newGate();
  gates.set(path, gate);
  return () => {
    gates.delete(path);
    release();
  };
}

export async function startInProcessApi(options: InProcessApiOptions = {}): Promise<InProcessApi> {
  const origin = options.origin ?? 'http://localhost:3000';
  const database = await createTestPglite();
  const services = await createTestServices(
    database.db,
    { webOrigins: [origin] },
    // Jobs run as on a server: some answers (a reset request) leave their mail to a job.
    { notifications: database, rateLimits: options.rateLimits, jobs: {} },
  );
  const server = fetchTestServer(services);
  const jar = cookieJar();
  const calls: ProcedureCall[] = [];
  const held = new Map<string, Promise<void>>();
  const heldNext = new Map<string, Promise<void>>();
  const heldAnswers = new Map<string, Promise<void>>();
  const answerHeld = new Map<string, () => void>();
  let heldEvents: Promise<void> = Promise.resolve();
  const dropping = new Set<string>();
  const streams = new Set<AbortController>();

  /** A stream's body passed through a pipe that `dropStreams` can cut. */
  const cuttable = (response: Response): Response => {
    if (response.body === null) return response;
    const cut = new AbortController();
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    streams.add(cut);
    response.body
      .pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          async transform(chunk, controller) {
            await heldEvents;
            controller.enqueue(chunk);
          },
        }),
      )
      .pipeTo(writable, { signal: cut.signal })
      .catch(() => undefined)
      .finally(() => streams.delete(cut));
    return new Response(readable, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };

  const fetch: typeof globalThis.fetch = async (input, init) => {
    const resolved = new Request(
      new URL(input instanceof Request ? input.url : String(input), origin),
      init,
    );
    const headers = new Headers(resolved.headers);
    const cookie = jar.header();
    if (cookie !== '') headers.set('cookie', cookie);
    // As browsers do for same-origin requests: Origin on writes, not on reads.
    if (resolved.method !== 'GET') headers.set('origin', origin);
    const request = new Request(resolved, { headers });
    const requestCalls = await decodeCalls(request.clone());
    if (requestCalls.some((call) => dropping.delete(call.path))) {
      throw new TypeError('Failed to fetch');
    }
    calls.push(...requestCalls);
    for (const call of requestCalls) {
      const heldOnce = heldNext.get(call.path);
      heldNext.delete(call.path);
      await heldOnce;
      await held.get(call.path);
    }
    const response = await server.fetch(request);
    for (const call of requestCalls) {
      const gate = heldAnswers.get(call.path);
      if (gate === undefined) continue;
      answerHeld.get(call.path)?.();
      await gate;
    }
    jar.store(response);
    const isStream = response.headers.get('content-type')?.startsWith('text/event-stream') === true;
    return isStream ? cuttable(response) : response;
  };

  // An address of its own per call, so these sign-ins do not count against the app's address.
  const deviceCaller = (userAgent = 'vitest') =>
    callerFor(services, { ip: `192.0.2.${randomInt(1, 255)}`, userAgent });
  const signedIn = ({ refreshToken: _, ...session }: AuthSession): InProcessUser => ({
    user: session.user,
    session,
    caller: callerFor(services, { authorization: `Bearer ${session.accessToken}` }).caller,
  });

  return {
    origin,
    fetch,
    calls,
    callsTo: (path) => calls.filter((call) => call.path === path).map((call) => call.input),
    services,
    async signedInUser(fields = {}) {
      const created = await signedInTestUser(services, fields);
      const user = await created.caller.auth.me();
      const expiresAt = new Date(Date.now() + services.auth.accessTokenTtlSeconds * 1000);
      return {
        user,
        session: { user, accessToken: created.accessToken, accessTokenExpiresAt: expiresAt },
        caller: created.caller,
      };
    },
    async registeredUser(password, fields = {}) {
      const email = `person-${randomUUID()}@example.com`;
      const { caller } = deviceCaller(fields.userAgent);
      const opened = await caller.auth.signUp({
        email,
        password,
        name: fields.name ?? 'Test Person',
        tokenDelivery: 'body',
      });
      return { email, ...signedIn(opened) };
    },
    async signIn(email, password, userAgent) {
      const { caller } = deviceCaller(userAgent);
      return signedIn(await caller.auth.signIn({ email, password, tokenDelivery: 'body' }));
    },
    async mailsTo(to) {
      const listed = await listOutboxMails(services.db, 1000);
      const mails: OutboxMail[] = [];
      for (const summary of listed.filter((mail) => mail.to === to).reverse()) {
        const mail = await readOutboxMail(services.db, summary.id);
        if (mail !== undefined) mails.push(mail);
      }
      return mails;
    },
    holdNext: (path) => holdIn(heldNext, path),
    hold: (path) => holdIn(held, path),
    holdAnswers(path) {
      const { gate: reached, release: reach } = newGate();
      answerHeld.set(path, reach);
      const release = holdIn(heldAnswers, path);
      return {
        reached,
        release: () => {
          answerHeld.delete(path);
          release();
        },
      };
    },
    holdEvents() {
      const { gate, release } = newGate();
      heldEvents = gate;
      return () => {
        heldEvents = Promise.resolve();
        release();
      };
    },
    dropNext(path) {
      dropping.add(path);
    },
    dropStreams() {
      for (const cut of streams) cut.abort(new TypeError('network error'));
      streams.clear();
    },
    async close() {
      await services.close();
      await database.destroy();
    },
  };
}
