// The one configured ky instance: auth, user agent, timeout and the retry policy.
import ky, { HTTPError, TimeoutError, type KyInstance } from 'ky';
import { RequestFailedError } from '../errors.js';
import type { BuiltRequest } from './request.js';

export const MAX_RETRIES = 2;
export const MAX_RETRY_AFTER_MS = 30_000;
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);

export interface HttpClientOptions {
  token: string;
  userAgent: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** Base delay between retries without Retry-After (ms). */
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

export function createKy(opts: HttpClientOptions): KyInstance {
  const base = opts.retryDelayMs ?? 500;
  return ky.create({
    timeout: opts.timeoutMs,
    headers: { Authorization: `Bearer ${opts.token}`, 'User-Agent': opts.userAgent, Accept: 'application/json' },
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    retry: {
      limit: MAX_RETRIES,
      methods: ['get', 'put', 'head', 'delete', 'options', 'trace', 'post', 'patch'],
      statusCodes: [429, 500, 502, 503, 504],
      afterStatusCodes: [429, 503],
      maxRetryAfter: MAX_RETRY_AFTER_MS,
      backoffLimit: 4_000,
      delay: (n) => base * 2 ** (n - 1),
      shouldRetry: ({ error }) => {
        if (error instanceof HTTPError && error.response.status === 429) return undefined;
        const method = error instanceof HTTPError ? error.request.method : undefined;
        // 5xx and network errors are retried only where repeating the call is safe.
        return method !== undefined && !IDEMPOTENT.has(method) ? false : undefined;
      },
    },
  });
}

export function createSender(opts: HttpClientOptions): SendFn {
  const client = createKy(opts);
  return async (req) => {
    let retries = 0;
    const idempotent = IDEMPOTENT.has(req.method);
    try {
      const res = await client(req.url, {
        method: req.method,
        headers: req.headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
        // ky's shouldRetry cannot see the method of a network error, so narrow per call.
        ...(idempotent ? {} : { retry: { limit: MAX_RETRIES, methods: [req.method.toLowerCase()], statusCodes: [429], afterStatusCodes: [429], maxRetryAfter: MAX_RETRY_AFTER_MS } }),
        hooks: { beforeRetry: [() => void retries++] },
      });
      return { status: res.status, ok: res.ok, headers: res.headers, text: await res.text(), retries };
    } catch (err) {
      if (err instanceof HTTPError) {
        return { status: err.response.status, ok: false, headers: err.response.headers, text: await err.response.text().catch(() => ''), retries };
      }
      if (err instanceof TimeoutError) {
        throw new RequestFailedError('TIMEOUT', req.method, req.url, `no answer within ${opts.timeoutMs} ms (after ${retries} retries). Try again, narrow the query, or raise KONNECT_TIMEOUT.`, { cause: err });
      }
      const detail = err instanceof Error ? err.message : String(err);
      throw new RequestFailedError('NETWORK', req.method, req.url, `network error: ${detail} (after ${retries} retries). Check connectivity and the region or base URL.`, { cause: err });
    }
  };
}
