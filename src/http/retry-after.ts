// Reading how long a server asked us to wait. Kept apart from client.ts, which loads only when a call is sent.

/** Headers servers use to say when to come back, first one wins. */
const WAIT_HEADERS = ['retry-after', 'ratelimit-reset', 'x-ratelimit-retry-after', 'x-ratelimit-reset', 'x-rate-limit-reset'];
const EPOCH_2024_S = Date.UTC(2024, 0, 1) / 1000;

/** Seconds to wait from a Retry-After value: delta seconds, an epoch timestamp or an HTTP date. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  if (Number.isFinite(n)) return Math.max(0, n >= EPOCH_2024_S ? Math.ceil(n - now / 1000) : n);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** How long the server asked us to wait, from the first of the headers that carry it. */
export function waitSeconds(headers: Headers, now = Date.now()): number | undefined {
  const name = WAIT_HEADERS.find((h) => headers.has(h));
  return name ? retryAfterSeconds(headers.get(name), now) : undefined;
}
