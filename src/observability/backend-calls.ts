import { SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import type {
  DirectoryListing,
  DirectorySync,
  DirectoryWriter,
  PasswordAuthenticator,
  ProviderTokenVerifier,
  RedirectAuthenticator,
} from '../../backends/capabilities';
import type { IdentityBackend } from '../../backends/types';
import type { BackendTelemetry, CallOutcome } from './telemetry';

/**
 * The calls of the backend contract (backends/types.ts and backends/capabilities.ts) that are timed
 * and traced: every asynchronous method, each a value of the `call` label. Synchronous members
 * (`acceptsIssuer`) and a backend's own helpers are left alone.
 */
export const BACKEND_CALLS = [
  'init',
  'destroy',
  'checkHealth',
  'getUsersByIds',
  'findUserByName',
  'verifyPassword',
  'writeUser',
  'writeGroup',
  'listUserKeys',
  'getGroupsOfUsers',
  'findGroups',
  'countGroupMembers',
  'readForSync',
  'authorizationUrl',
  'completeLogin',
  'endSessionUrl',
  'verifyAccessToken',
  'completeIdentity',
] as const;

type Contract = IdentityBackend &
  PasswordAuthenticator &
  DirectoryWriter &
  DirectoryListing &
  DirectorySync &
  RedirectAuthenticator &
  ProviderTokenVerifier;
type AsyncMethods<T> = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any argument list
  [K in keyof T]-?: NonNullable<T[K]> extends (...args: any[]) => Promise<unknown> ? K : never;
}[keyof T];
/** Fails to compile when the contract gains an asynchronous method that BACKEND_CALLS does not list. */
type Unlisted = Exclude<AsyncMethods<Contract>, (typeof BACKEND_CALLS)[number]>;
const everyCallListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyCallListed;

const CALLS: ReadonlySet<string> = new Set(BACKEND_CALLS);

/** Where a backend's calls are reported: metrics, spans, or both. */
export interface BackendInstrumentation {
  /** Receives the time of every call; null: no metrics. */
  telemetry: BackendTelemetry | null;
  /** Opens a span per call (as a child of the active span); null: no tracing. */
  tracer: Tracer | null;
}

type Method = (...args: unknown[]) => unknown;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * Wraps a backend so that every call of the contract is timed (BackendTelemetry) and traced (a span
 * `backend <call>` with the backend id, kind and call; no argument ever becomes an attribute). The
 * wrapper is a Proxy over the backend itself: it has exactly the members the backend has, so the
 * capability guards (which look methods up by name) see the same backend; each call runs with the
 * backend as `this`, so its own calls of its methods are not counted twice; getters read the backend.
 */
export function instrumentBackend<B extends IdentityBackend>(backend: B, how: BackendInstrumentation): B {
  if (!how.telemetry && !how.tracer) return backend;
  const wrappers = new Map<string, { original: Method; wrapper: Method }>();
  const attributes = {
    'idgate.backend.id': backend.id,
    'idgate.backend.kind': backend.kind,
  };

  const wrap = (call: string, original: Method): Method => {
    const finish = (started: number, outcome: CallOutcome, span: Span | null, error?: unknown) => {
      how.telemetry?.backendCall(backend.id, call, outcome, (performance.now() - started) / 1000);
      if (span) {
        if (outcome === 'error') {
          // The class of the error only: a message may name a user or an entry.
          span.setAttribute('error.type', (error as Error | null)?.constructor?.name ?? 'Error');
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        span.end();
      }
    };
    const run = (span: Span | null, args: unknown[]): unknown => {
      const started = performance.now();
      let result: unknown;
      try {
        result = Reflect.apply(original, backend, args);
      } catch (error) {
        finish(started, 'error', span, error);
        throw error;
      }
      if (!isThenable(result)) {
        finish(started, 'ok', span);
        return result;
      }
      return Promise.resolve(result).then(
        (value) => {
          finish(started, 'ok', span);
          return value;
        },
        (error: unknown) => {
          finish(started, 'error', span, error);
          throw error;
        },
      );
    };
    const tracer = how.tracer;
    if (!tracer) return (...args: unknown[]) => run(null, args);
    const spanOptions = { attributes: { ...attributes, 'idgate.backend.call': call } };
    return (...args: unknown[]) =>
      tracer.startActiveSpan(`backend ${call}`, spanOptions, (span) => run(span, args));
  };

  return new Proxy(backend, {
    get(target, property) {
      // Read from the backend itself (not the proxy): getters and private fields work as they do.
      const value: unknown = Reflect.get(target, property);
      if (typeof property !== 'string' || typeof value !== 'function' || !CALLS.has(property)) {
        return value;
      }
      const known = wrappers.get(property);
      if (known && known.original === value) return known.wrapper;
      const wrapper = wrap(property, value as Method);
      wrappers.set(property, { original: value as Method, wrapper });
      return wrapper;
    },
  });
}
