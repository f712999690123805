// Sends a built request: auth, user agent, one deadline for headers and body, a size limit, the retry policy.
// Plain fetch with an init object that has no prototype: nothing it reads can come from Object.prototype, and the
// URL checked against the allowed origins is exactly the URL fetch opens.
import { setTimeout as sleep } from 'node:timers/promises';
import { RequestFailedError } from '../errors.js';
import type { BuiltRequest } from './request.js';
import { waitSeconds } from './retry-after.js';
import { assertAllowedUrl } from './url.js';

export const MAX_RETRIES = 2;
export const MAX_RETRY_AFTER_MS = 30_000;
/** Largest answer read, counted after decompression (a gzip bomb stops here too); Content-Length is not trusted. */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

export interface HttpClientOptions {
  /** Undefined without a token: only requests that need no auth (a dev portal's public API) can be sent. */
  token?: string | undefined;
  userAgent: string;
  /** Deadline for the whole exchange: every attempt, the waits between them and the body. */
  timeoutMs: number;
  fetch?: typeof fetch;
  /** Base delay between retries when the server gives no usable Retry-After (ms); doubles each retry. */
  retryDelayMs?: number;
  /** Largest body read (bytes); tests lower it. */
  maxBodyBytes?: number;
}

export interface RawResponse {
  status: number;
  ok: boolean;
  headers: Headers;
  text: string;
  retries: number;
}

export interface SendOptions {
  /** Aborts the exchange (the MCP request was cancelled, or the server is stopping). */
  signal?: AbortSignal | undefined;
  /** Origins the request may go to, checked on the very URL handed to fetch. */
  allowed?: ReadonlySet<string> | undefined;
}

export type SendFn = (req: BuiltRequest, opts?: SendOptions) => Promise<RawResponse>;

/**
 * Milliseconds to wait before retry `attempt` (1-based), or undefined when the server asks for longer than the cap
 * (the answer goes back to the caller). A Retry-After that is unusable ("soon", "Infinity") or not positive gets the
 * normal backoff, never the cap.
 */
export function retryDelayMs(status: number, headers: Headers, attempt: number, baseDelayMs: number): number | undefined {
  const backoff = baseDelayMs * 2 ** (attempt - 1);
  if (status !== 429 && status !== 503) return backoff;
  const after = waitSeconds(headers);
  if (after === undefined || !(after > 0)) return backoff;
  return after * 1000 > MAX_RETRY_AFTER_MS ? undefined : after * 1000;
}

/** 429 is retried for any method (the server did not act on it); 5xx and network errors only where repeating is safe. */
function retryable(method: string, status: number | undefined): boolean {
  if (status !== undefined && !RETRY_STATUSES.has(status)) return false;
  return status === 429 || IDEMPOTENT.has(method.toUpperCase());
}

class BodyTooLarge extends Error {}

/** Reads the body as text, stopping past `limit` bytes; the deadline's abort ends a body that never finishes. */
async function readBody(res: Response, limit: number): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw new BodyTooLarge();
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) throw new BodyTooLarge();
      chunks.push(value);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function requestInit(req: BuiltRequest, opts: HttpClientOptions, signal: AbortSignal): RequestInit {
  const headers = new Headers({ Accept: 'application/json' });
  for (const [k, v] of Object.entries(req.headers)) headers.set(k, v);
  headers.set('User-Agent', opts.userAgent);
  // The token goes only where the route allows it (never to a per-call baseUrl).
  if (req.auth && opts.token) headers.set('Authorization', `Bearer ${opts.token}`);
  const init = Object.create(null) as RequestInit;
  // A redirect could lead anywhere; execute only talks to the hosts it chose, so it reports them instead.
  Object.assign(init, { method: req.method, headers, redirect: 'manual', signal, ...(req.body !== undefined ? { body: req.body } : {}) });
  return init;
}

export function createSender(opts: HttpClientOptions): SendFn {
  const baseDelay = opts.retryDelayMs ?? 500;
  const limit = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const doFetch = opts.fetch ?? globalThis.fetch;
  return async (req, sendOpts = {}) => {
    const deadline = AbortSignal.timeout(opts.timeoutMs);
    const endsAt = Date.now() + opts.timeoutMs;
    const signal = sendOpts.signal ? AbortSignal.any([deadline, sendOpts.signal]) : deadline;
    let retries = 0;
    const tries = (): string => `after ${retries} ${retries === 1 ? 'retry' : 'retries'}`;
    const fail = (err: unknown): RequestFailedError => {
      if (deadline.aborted) {
        return new RequestFailedError('TIMEOUT', req.method, req.url, `no answer within ${opts.timeoutMs} ms (${tries()}). If it was a write, check whether it took effect before repeating it; otherwise narrow the query or raise KONNECT_TIMEOUT.`, { cause: err });
      }
      if (signal.aborted) {
        return new RequestFailedError('CANCELLED', req.method, req.url, 'cancelled by the client before the answer was complete. If it was a write, check whether it took effect before repeating it.', { cause: err });
      }
      if (err instanceof BodyTooLarge) {
        return new RequestFailedError('TOO_LARGE', req.method, req.url, `the answer is over ${Math.round(limit / 1024 / 1024)} MB, so it was not read. Ask the API for less: a filter, a smaller page (page[size]) or a shorter time range (fields only trims what arrives).`);
      }
      const detail = err instanceof Error ? (err.cause instanceof Error ? `${err.message} (${err.cause.message})` : err.message) : String(err);
      return new RequestFailedError('NETWORK', req.method, req.url, `network error: ${detail} (${tries()}). Check connectivity and the region or base URL.`, { cause: err });
    };
    for (;;) {
      let res: Response;
      // The URL fetch opens is this very string: no prefix or base is merged in after the check.
      if (sendOpts.allowed) assertAllowedUrl(req.url, sendOpts.allowed);
      try {
        res = await doFetch(req.url, requestInit(req, opts, signal));
      } catch (err) {
        if (signal.aborted || retries >= MAX_RETRIES || !retryable(req.method, undefined)) throw fail(err);
        retries++;
        await sleep(baseDelay * 2 ** (retries - 1), undefined, { signal }).catch((e: unknown) => Promise.reject(fail(e)));
        continue;
      }
      const wait = retries < MAX_RETRIES && retryable(req.method, res.status) ? retryDelayMs(res.status, res.headers, retries + 1, baseDelay) : undefined;
      // A wait that would outlast the deadline is left to the caller: the answer says how long to wait.
      if (wait !== undefined && Date.now() + wait < endsAt) {
        await res.body?.cancel().catch(() => undefined);
        retries++;
        await sleep(wait, undefined, { signal }).catch((e: unknown) => Promise.reject(fail(e)));
        continue;
      }
      try {
        return { status: res.status, ok: res.ok, headers: res.headers, text: await readBody(res, limit), retries };
      } catch (err) {
        throw fail(err);
      }
    }
  };
}
