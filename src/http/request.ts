// Builds the HTTP request for an operation from tool arguments. Pure: no I/O, no token.
import type { Operation } from '../catalog/types.js';
import { RefusedError } from '../errors.js';

export interface ParamSpec {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  style?: string | undefined;
  explode?: boolean | undefined;
}

export interface RequestArgs {
  pathParams?: Record<string, unknown> | undefined;
  query?: Record<string, unknown> | undefined;
  headers?: Record<string, string> | undefined;
  body?: unknown;
}

export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

const FORBIDDEN_HEADERS = new Set(['authorization', 'host', 'cookie', 'content-length', 'proxy-authorization', 'transfer-encoding', 'connection']);
const HARMLESS_HEADERS = new Set(['accept', 'accept-language', 'if-match', 'if-none-match', 'x-request-id', 'prefer']);

function scalar(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** Serializes one query parameter per its style: deepObject brackets, form arrays, plain scalars. */
export function serializeQuery(name: string, value: unknown, spec?: ParamSpec): [string, string][] {
  if (value === undefined || value === null) return [];
  const style = spec?.style ?? 'form';
  const explode = spec?.explode ?? style === 'form';
  if (Array.isArray(value)) {
    if (style === 'form' && explode) return value.map((v) => [name, scalar(v)]);
    const sep = style === 'spaceDelimited' ? ' ' : style === 'pipeDelimited' ? '|' : ',';
    return [[name, value.map(scalar).join(sep)]];
  }
  if (typeof value === 'object') {
    const out: [string, string][] = [];
    const walk = (prefix: string, v: unknown): void => {
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        for (const [k, sub] of Object.entries(v)) walk(`${prefix}[${k}]`, sub);
      } else if (Array.isArray(v)) {
        out.push([prefix, v.map(scalar).join(',')]);
      } else if (v !== undefined) {
        out.push([prefix, scalar(v)]);
      }
    };
    walk(name, value);
    return out;
  }
  return [[name, scalar(value)]];
}

export function buildRequest(op: Operation, params: ParamSpec[], baseUrl: string, args: RequestArgs): BuiltRequest {
  const pathParams = args.pathParams ?? {};
  const missing: string[] = [];
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = pathParams[name];
    if (v === undefined || v === null || v === '') {
      missing.push(name);
      return '';
    }
    // encodeURIComponent keeps a value like ../../x inside one segment.
    return encodeURIComponent(scalar(v)).replace(/\./g, '%2E');
  });
  if (missing.length > 0) {
    throw new RefusedError(`missing path parameter(s) ${missing.join(', ')} for ${op.method} ${op.path}; pass them in pathParams`, 'VALIDATION');
  }
  const byName = new Map(params.filter((p) => p.in === 'query').map((p) => [p.name, p]));
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(args.query ?? {})) {
    for (const [name, value] of serializeQuery(k, v, byName.get(k))) search.append(name, value);
  }
  const qs = search.toString();
  const headers: Record<string, string> = {};
  const declared = new Set(params.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()));
  for (const [k, v] of Object.entries(args.headers ?? {})) {
    const lower = k.toLowerCase();
    if (/[\r\n]/.test(k) || /[\r\n]/.test(String(v))) throw new RefusedError(`header ${JSON.stringify(k)} contains CR or LF; remove it`, 'HEADER');
    if (FORBIDDEN_HEADERS.has(lower)) throw new RefusedError(`header ${k} cannot be set by the caller; konnect-mcp sets it`, 'HEADER');
    if (!declared.has(lower) && !HARMLESS_HEADERS.has(lower)) {
      throw new RefusedError(`header ${k} is not declared by ${op.operationId}; allowed: ${[...declared, ...HARMLESS_HEADERS].join(', ')}`, 'HEADER');
    }
    headers[k] = String(v);
  }
  const built: BuiltRequest = { method: op.method, url: `${baseUrl}${path}${qs ? `?${qs}` : ''}`, headers };
  if (args.body !== undefined) {
    built.body = typeof args.body === 'string' ? args.body : JSON.stringify(args.body);
    built.headers['Content-Type'] = 'application/json';
  }
  return built;
}
