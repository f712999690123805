// Shapes a raw HTTP response for the model: parsed JSON, key headers, a hint on errors.
import type { RawResponse } from './client.js';
import { waitSeconds } from './retry-after.js';
import { isObject } from '../json.js';

export interface Truncation {
  /** Where the trimmed list sits in the body ("" for the body itself). */
  path: string;
  total: number;
  returned: number;
  hint: string;
}

export interface Pagination {
  pages: number;
  items: number;
  /** True when the API had more items than were fetched. */
  more: boolean;
  stoppedBy?: string;
}

export interface ShapedResponse {
  status: number;
  ok: boolean;
  method: string;
  url: string;
  retries: number;
  headers: Record<string, string>;
  body: unknown;
  hint?: string;
  truncated?: Truncation;
  pagination?: Pagination;
}

export interface ResponseContext {
  method: string;
  url: string;
  /** Region the call went to, for the 404 hint; undefined for global or custom hosts. */
  region?: string | undefined;
}

const KEPT_HEADERS = [
  'x-request-id',
  'x-kong-request-id',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'x-ratelimit-limit-minute',
  'x-ratelimit-remaining-minute',
  'retry-after',
  'content-type',
  'location',
];
export const MAX_TEXT = 2_000;

/** Deeper bodies come back as their text: walking them (budget, redaction, the SDK's checks) would exhaust the stack. */
export const MAX_DEPTH = 200;

/**
 * Readable text from an HTML page: scripts and styles dropped, entities decoded. A streaming tokenizer, so time
 * is linear in the page (an unclosed <script> just swallows the rest). Loaded on the first HTML answer.
 */
async function htmlToText(html: string): Promise<string> {
  const { Parser } = await import('htmlparser2');
  const parts: string[] = [];
  let hidden = 0;
  const parser = new Parser(
    {
      onopentagname: (name) => void (name === 'script' || name === 'style' ? hidden++ : 0),
      onclosetag: (name) => void ((name === 'script' || name === 'style') && hidden > 0 ? hidden-- : 0),
      ontext: (text) => void (hidden === 0 ? parts.push(text) : 0),
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return parts.join(' ');
}

/** Whether a parsed JSON value nests deeper than `max` (iterative, so the check itself cannot overflow). */
export function deeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

export async function parseBody(text: string, contentType: string | null): Promise<unknown> {
  if (text.trim() === '') return null;
  if (contentType?.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!deeperThan(parsed, MAX_DEPTH)) return parsed;
      return text; // a valid answer, too deep to walk: the text keeps it (and a write's success) intact
    } catch {
      // not JSON after all (or too deep even to parse): fall through to text
    }
  }
  // Other text (YAML, plain) keeps its lines; the budget cuts it if it is long.
  if (!contentType?.includes('html') && !/^\s*<(!doctype|html)/i.test(text)) return text.trim();
  // An HTML page is almost always a proxy's error page: its text is all that matters, and little of it.
  const plain = (await htmlToText(text)).replace(/\s+/g, ' ').trim();
  return plain.length > MAX_TEXT ? `${plain.slice(0, MAX_TEXT)}… (${plain.length - MAX_TEXT} more characters cut)` : plain;
}

/** Fields Konnect names in a problem body's invalid_parameters. */
function invalidFields(body: unknown): string[] {
  if (!isObject(body) || !Array.isArray(body.invalid_parameters)) return [];
  return body.invalid_parameters
    .filter(isObject)
    .map((p) => `${String(p.field ?? '?')}${p.reason ? ` (${String(p.reason)})` : p.rule ? ` (${String(p.rule)})` : ''}`)
    .slice(0, 10);
}

export function errorHint(status: number, headers: Headers, body: unknown, ctx: ResponseContext): string | undefined {
  if (status >= 300 && status < 400) {
    const location = headers.get('location');
    return `The API answered with a redirect${location ? ` to ${location}` : ''}; execute does not follow redirects (it only talks to Konnect hosts).`;
  }
  if (status === 400 || status === 422) {
    const fields = invalidFields(body);
    const which = fields.length > 0 ? `Konnect flagged: ${fields.join('; ')}. ` : '';
    return `${which}The request was rejected as invalid: fix the field named in invalid_parameters/detail (get_schema shows what it takes) and call again.`;
  }
  if (status === 401) return 'The token is invalid or expired. Create a personal access token (kpat_…) under your Konnect account > Personal access tokens, or a system account token (spat_…), and set KONNECT_TOKEN.';
  if (status === 403) return 'The token is valid but lacks the role this operation needs. Ask an org admin to grant the role (Organization > Teams or the system account\'s roles), or use a token that has it.';
  if (status === 404) {
    const where = ctx.region ? ` This call went to region "${ctx.region}"; a resource in another region is invisible here: pass region.` : '';
    return `Not found: check the ids in pathParams (list the parent resource to find them).${where}`;
  }
  if (status === 405) return 'The API does not allow this method here: check the operationId with search.';
  if (status === 409) return 'Conflict: the resource already exists or was changed concurrently. Fetch it and retry with current data.';
  if (status === 429) {
    const after = waitSeconds(headers);
    return `Rate limited by Konnect${after !== undefined ? `: retry after ${after} s` : ''}. Slow down or narrow the request.`;
  }
  if (status >= 500) return 'A problem on Konnect\'s side. Retry later; if it persists, check https://status.konghq.com.';
  return undefined;
}

export function keptHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const v = headers.get(name);
    if (v !== null) out[name] = v;
  }
  return out;
}

export async function shapeResponse(raw: RawResponse, ctx: ResponseContext): Promise<ShapedResponse> {
  const body = await parseBody(raw.text, raw.headers.get('content-type'));
  const shaped: ShapedResponse = {
    status: raw.status,
    ok: raw.ok,
    method: ctx.method,
    url: ctx.url,
    retries: raw.retries,
    headers: keptHeaders(raw.headers),
    body,
  };
  const hint = raw.ok ? undefined : errorHint(raw.status, raw.headers, body, ctx);
  if (hint) shaped.hint = hint;
  return shaped;
}
