// The one configured ky instance: auth, user agent, timeout and the retry policy.
import ky, { HTTPError, TimeoutError, type KyInstance, type RetryOptions } from 'ky';
import { RequestFailedError } from '../errors.js';
import type { BuiltRequest } from './request.js';
import { waitSeconds } from './retry-after.js';

export { retryAfterSeconds, waitSeconds } from './retry-after.js';

export const MAX_RETRIES = 2;
export const MAX_RETRY_AFTER_MS = 30_000;
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);
const RETRY_STATUSES = [429, 500, 502, 503, 504];

export interface HttpClientOptions {
  /** Undefined without a token: only requests that need no auth (a dev portal's public API) can be sent. */
  token?: string | undefined;
  userAgent: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** Base delay between retries when the server gives no Retry-After (ms); doubles each retry. */
  retryDelayMs?: number;
}

export interface RawResponse {
  status: number;
  ok: boolean;
  headers: Headers;
  text: string;
  retries: number;
}

export type SendFn = (req: BuiltRequest) => Promise<RawResponse>;

/**
 * 429 is retried for any method (the server did not act on it), after Retry-After when it is within the cap;
 * a longer wait is left to the caller. 5xx and network errors are retried only where repeating is safe.
 * Timeouts are not retried: the call already took the whole budget.
 */
export function retryPolicy(method: string, baseDelayMs: number): RetryOptions {
  const idempotent = IDEMPOTENT.has(method.toUpperCase());
  return {
    limit: MAX_RETRIES,
    methods: ['get', 'put', 'head', 'delete', 'options', 'trace', 'post', 'patch'],
    statusCodes: RETRY_STATUSES,
    afterStatusCodes: [429, 503],
    maxRetryAfter: MAX_RETRY_AFTER_MS,
    backoffLimit: 8 * baseDelayMs,
    delay: (attempt) => baseDelayMs * 2 ** (attempt - 1),
    retryOnTimeout: false,
    shouldRetry: ({ error }) => {
      if (error instanceof TimeoutError) return false;
      if (error instanceof HTTPError && error.response.status === 429) {
        const after = waitSeconds(error.response.headers);
        return after !== undefined && after * 1000 > MAX_RETRY_AFTER_MS ? false : undefined;
      }
      return idempotent ? undefined : false;
    },
  };
}

export function createKy(opts: HttpClientOptions): KyInstance {
  return ky.create({
    timeout: opts.timeoutMs,
    headers: {
      ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
      'User-Agent': opts.userAgent,
      Accept: 'application/json',
    },
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
}

export function createSender(opts: HttpClientOptions): SendFn {
  const client = createKy(opts);
  const baseDelay = opts.retryDelayMs ?? 500;
  return async (req) => {
    let retries = 0;
    try {
      const res = await client(req.url, {
        method: req.method,
        // `undefined` removes the instance's Authorization for hosts that must not see the token.
        headers: { ...req.headers, ...(req.auth ? {} : { Authorization: undefined }) },
        ...(req.body !== undefined ? { body: req.body } : {}),
        retry: retryPolicy(req.method, baseDelay),
        // A redirect could lead anywhere; execute only talks to the hosts it chose, so it reports them instead.
        redirect: 'manual',
        hooks: { beforeRetry: [() => void retries++] },
      });
      return { status: res.status, ok: res.ok, headers: res.headers, text: await res.text(), retries };
    } catch (err) {
      if (err instanceof HTTPError) {
        return { status: err.response.status, ok: false, headers: err.response.headers, text: await err.response.text().catch(() => ''), retries };
      }
      const tries = `${retries} ${retries === 1 ? 'retry' : 'retries'}`;
      if (err instanceof TimeoutError) {
        throw new RequestFailedError('TIMEOUT', req.method, req.url, `no answer within ${opts.timeoutMs} ms (after ${tries}). If it was a write, check whether it took effect before repeating it; otherwise narrow the query or raise KONNECT_TIMEOUT.`, { cause: err });
      }
      const detail = err instanceof Error ? (err.cause instanceof Error ? `${err.message} (${err.cause.message})` : err.message) : String(err);
      throw new RequestFailedError('NETWORK', req.method, req.url, `network error: ${detail} (after ${tries}). Check connectivity and the region or base URL.`, { cause: err });
    }
  };
}
