// Shapes a raw HTTP response for the model: parsed JSON, key headers, a hint on errors.
import type { RawResponse } from './client.js';

export interface ShapedResponse {
  status: number;
  ok: boolean;
  method: string;
  url: string;
  retries: number;
  headers: Record<string, string>;
  body: unknown;
  hint?: string;
}

const KEPT_HEADERS = ['x-request-id', 'x-kong-request-id', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after', 'x-ratelimit-limit-minute', 'x-ratelimit-remaining-minute', 'content-type', 'location'];
const MAX_TEXT = 4_000;

export function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return null;
  if (contentType?.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // fall through to text
    }
  }
  const trimmed = text.replace(/\s+/g, ' ').trim();
  return trimmed.length > MAX_TEXT ? `${trimmed.slice(0, MAX_TEXT)}… (${trimmed.length - MAX_TEXT} more characters)` : trimmed;
}

export function errorHint(status: number, headers: Headers): string | undefined {
  if (status === 400 || status === 422) return 'The request was rejected as invalid: see invalid_parameters/detail for the field, then check it with get_schema.';
  if (status === 401) return 'The token is invalid or expired. Create a new personal access token (kpat_…) or system account token (spat_…) in Konnect and update KONNECT_TOKEN.';
  if (status === 403) return 'The token is valid but lacks the role for this operation. Ask an org admin to grant the needed role, or use a token that has it.';
  if (status === 404) return 'Not found: check the ids in pathParams, or the resource may live in another region (pass region).';
  if (status === 409) return 'Conflict: the resource already exists or was changed concurrently. Fetch it and retry with current data.';
  if (status === 429) {
    const after = headers.get('retry-after');
    return `Rate limited by Konnect${after ? `: retry after ${after} s` : ''}. Slow down or narrow the request.`;
  }
  if (status >= 500) return 'A problem on Konnect\'s side. Retry later; if it persists, check status.konghq.com.';
  return undefined;
}

export function shapeResponse(method: string, url: string, raw: RawResponse): ShapedResponse {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const v = raw.headers.get(name);
    if (v !== null) headers[name] = v;
  }
  const shaped: ShapedResponse = {
    status: raw.status,
    ok: raw.ok,
    method,
    url,
    retries: raw.retries,
    headers,
    body: parseBody(raw.text, raw.headers.get('content-type')),
  };
  const hint = raw.ok ? undefined : errorHint(raw.status, raw.headers);
  if (hint) shaped.hint = hint;
  return shaped;
}
