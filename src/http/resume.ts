// `resume`: an opaque string that carries only paging state (the page cursor, items to skip, the page size) and a
// binding to one call (api, operationId and a hash of pathParams + query). It can never change the host, the path
// or the operation: those come from the call's own arguments, and a value bound to another call is refused.
import { createHash } from 'node:crypto';
import { ToolInputError } from '../errors.js';
import { isObject } from '../json.js';
import type { PageCursor, Position } from './paginate.js';

const VERSION = 1;
const MAX_LENGTH = 4_096;
const MAX_CURSOR = 2_048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface ResumeState extends Position {
  /** The page size the pages were asked for; a skip count only means something with the same size. */
  size?: number | undefined;
}

/** Canonical JSON: object keys sorted, so the same arguments always hash alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function callBinding(api: string, operationId: string, pathParams: unknown, query: unknown): string {
  const hash = createHash('sha256').update(canonical([api, operationId, pathParams ?? {}, query ?? {}])).digest('base64url');
  return hash.slice(0, 16);
}

export function encodeResume(binding: string, state: ResumeState): string {
  const c = state.cursor ? [state.cursor.kind, state.cursor.value] : null;
  return Buffer.from(JSON.stringify([VERSION, binding, c, state.skip, state.size ?? null]), 'utf8').toString('base64url');
}

const refuse = (why: string): ToolInputError =>
  new ToolInputError(`resume ${why}. Pass pagination.resume exactly as the previous answer gave it, with the same operationId, pathParams and query; or leave resume out to start from the first page.`, 'INVALID_RESUME');

const isCount = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

function parseCursor(c: unknown): PageCursor | undefined {
  if (c === null) return undefined;
  if (!Array.isArray(c) || c.length !== 2) throw refuse('is garbled (bad cursor)');
  const [kind, value] = c as [unknown, unknown];
  if (kind === 'number' && isCount(value, 1_000_000) && value >= 1) return { kind, value };
  if ((kind === 'after' || kind === 'offset') && typeof value === 'string' && value.length > 0 && value.length <= MAX_CURSOR) return { kind, value };
  if (kind === 'offset' && isCount(value, Number.MAX_SAFE_INTEGER)) return { kind, value };
  throw refuse('is garbled (bad cursor)');
}

/** Decodes and checks a resume value against this call; throws a refusal that says what to do instead. */
export function decodeResume(resume: string, binding: string): ResumeState {
  if (resume.length > MAX_LENGTH || !BASE64URL.test(resume)) throw refuse('is not a value konnect-mcp gave (it must be the opaque pagination.resume string)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(resume, 'base64url').toString('utf8'));
  } catch {
    throw refuse('is garbled');
  }
  if (!Array.isArray(parsed) || parsed.length !== 5) throw refuse('is garbled');
  const [version, bound, c, skip, size] = parsed as unknown[];
  if (version !== VERSION) throw refuse('comes from another version of konnect-mcp');
  if (bound !== binding) throw refuse('belongs to another call (a different operation, pathParams or query)');
  if (!isCount(skip, 100_000)) throw refuse('is garbled (bad skip)');
  if (size !== null && !(isCount(size, 100_000) && size >= 1)) throw refuse('is garbled (bad page size)');
  return { cursor: parseCursor(c), skip, size: size ?? undefined };
}
