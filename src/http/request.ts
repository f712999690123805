// Builds the HTTP request for an operation from (validated) tool arguments. Pure: no I/O, no token.
import type { Operation } from '../catalog/types.js';
import { RefusedError } from '../errors.js';
import { dict, isObject, own } from '../json.js';
import { isJsonMedia, type OperationSpec, type ParamSpec } from './spec.js';

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
  /** Whether the Konnect token goes with it: never for a per-call baseUrl (dev portals use their own auth). */
  auth: boolean;
}

/** Set by konnect-mcp or the HTTP stack; a caller value would spoof identity or break framing. */
const FORBIDDEN_HEADERS = new Set(['authorization', 'proxy-authorization', 'host', 'cookie', 'content-length', 'transfer-encoding', 'connection', 'te', 'upgrade', 'expect', 'keep-alive', 'user-agent']);
/** Safe for any operation: content negotiation, conditional requests, tracing. */
const HARMLESS_HEADERS = ['accept', 'accept-language', 'if-match', 'if-none-match', 'prefer', 'x-request-id'];
const TOKEN_CHARS = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

function scalar(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

const enc = (v: unknown): string => encodeURIComponent(scalar(v));

/**
 * Serializes one query parameter per its OpenAPI style into [key, percent-encoded value] pairs; delimiters of
 * non-exploded arrays stay literal so a comma inside an item cannot be mistaken for one. Objects default to
 * deepObject brackets (`filter[name][contains]=x`), Konnect's convention, even where a spec omits the style.
 */
export function serializeQuery(name: string, value: unknown, spec?: Pick<ParamSpec, 'style' | 'explode'>): [string, string][] {
  if (value === undefined || value === null) return [];
  const style = spec?.style ?? (isObject(value) ? 'deepObject' : 'form');
  const explode = spec?.explode ?? style === 'form';
  if (Array.isArray(value)) {
    if (style === 'form' && explode) return value.map((v) => [name, enc(v)]);
    const sep = style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '|' : ',';
    return [[name, value.map(enc).join(sep)]];
  }
  if (isObject(value)) {
    if (style === 'form') {
      const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null);
      return explode ? entries.map(([k, v]) => [k, enc(v)]) : [[name, entries.flatMap(([k, v]) => [encodeURIComponent(k), enc(v)]).join(',')]];
    }
    const out: [string, string][] = [];
    const walk = (prefix: string, v: unknown): void => {
      if (isObject(v)) {
        for (const [k, sub] of Object.entries(v)) walk(`${prefix}[${k}]`, sub);
      } else if (Array.isArray(v)) {
        out.push([prefix, v.map(enc).join(',')]);
      } else if (v !== undefined && v !== null) {
        out.push([prefix, enc(v)]);
      }
    };
    walk(name, value);
    return out;
  }
  return [[name, enc(value)]];
}

/** Percent-encodes a query key but keeps brackets readable, as Konnect documents them (`filter[name][eq]`). */
function encodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%5B/gi, '[').replace(/%5D/gi, ']');
}

/** Joins serialized pairs; values come already encoded from serializeQuery. */
export function queryString(pairs: [string, string][]): string {
  return pairs.map(([k, v]) => `${encodeKey(k)}=${v}`).join('&');
}

/** One path segment; the value can never add a segment or climb out (`../`), and dot segments are refused. */
export function encodePathValue(name: string, value: unknown): string {
  const text = value === undefined || value === null ? '' : scalar(value);
  if (text === '' || text === '.' || text === '..') {
    throw new RefusedError(`path parameter ${name} is ${text === '' ? 'empty' : `"${text}"`}; pass the resource id or name`, 'VALIDATION');
  }
  return encodeURIComponent(text);
}

function buildPath(op: Pick<Operation, 'path' | 'method'>, pathParams: Record<string, unknown>): string {
  const missing: string[] = [];
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = own(pathParams, name);
    if (value === undefined || value === null) {
      missing.push(name);
      return '';
    }
    return encodePathValue(name, value);
  });
  if (missing.length > 0) {
    throw new RefusedError(`missing path parameter(s) ${missing.join(', ')} for ${op.method} ${op.path}; pass them in pathParams`, 'VALIDATION');
  }
  return path;
}

const MAX_HEADER_NAME = 256;
const MAX_HEADER_VALUE = 8192;

/** Checks caller headers: declared or harmless names only, nothing konnect-mcp owns, no CR/LF. */
export function checkHeaders(operationId: string, spec: OperationSpec, headers: Record<string, string>): Record<string, string> {
  const declared = new Map(spec.params.filter((p) => p.in === 'header').map((p) => [p.name.toLowerCase(), p.name]));
  const out = dict<string>();
  for (const [k, raw] of Object.entries(headers)) {
    const v = String(raw);
    const lower = k.toLowerCase();
    // Servers refuse header sections past 8-16 KB; say so before, rather than echo megabytes in a dry run.
    if (k.length > MAX_HEADER_NAME || v.length > MAX_HEADER_VALUE) {
      throw new RefusedError(`header ${JSON.stringify(k)} is too long (name ${k.length}, value ${v.length} characters; at most ${MAX_HEADER_NAME} and ${MAX_HEADER_VALUE})`, 'HEADER');
    }
    if (/[\r\n\0]/.test(k) || /[\r\n\0]/.test(v)) throw new RefusedError(`header ${JSON.stringify(k)} contains CR, LF or NUL; remove it`, 'HEADER');
    // fetch refuses anything else only when sending, as a network error; say so before.
    if (!HEADER_VALUE.test(v)) throw new RefusedError(`header ${JSON.stringify(k)} has a character other than visible ASCII, space or tab; remove it or percent-encode the value`, 'HEADER');
    if (!TOKEN_CHARS.test(k)) throw new RefusedError(`header name ${JSON.stringify(k)} is not a valid HTTP header name`, 'HEADER');
    if (FORBIDDEN_HEADERS.has(lower)) throw new RefusedError(`header ${k} cannot be set by the caller; konnect-mcp sets it`, 'HEADER');
    if (lower === 'content-type') {
      const accepted = spec.body?.mediaTypes ?? [];
      const anyType = accepted.some((t) => t === '*' || t === '*/*');
      if (!anyType && !accepted.some((t) => t.toLowerCase() === v.split(';')[0]!.trim().toLowerCase())) {
        throw new RefusedError(`Content-Type ${v} is not accepted by ${operationId}${accepted.length ? `; it takes ${accepted.join(', ')}` : ' (it has no request body)'}`, 'HEADER');
      }
      out['Content-Type'] = v;
      continue;
    }
    if (!declared.has(lower) && !HARMLESS_HEADERS.includes(lower)) {
      throw new RefusedError(`header ${k} is not declared by ${operationId}; allowed: ${[...declared.values(), ...HARMLESS_HEADERS].join(', ')}`, 'HEADER');
    }
    out[declared.get(lower) ?? k] = v;
  }
  return out;
}

export interface RequestBuildOptions {
  /** Origin plus version prefix, e.g. https://us.api.konghq.com/v2. */
  baseUrl: string;
  auth: boolean;
}

export function buildRequest(op: Pick<Operation, 'operationId' | 'method' | 'path'>, spec: OperationSpec, args: RequestArgs, opts: RequestBuildOptions): BuiltRequest {
  const path = buildPath(op, args.pathParams ?? {});
  const styles = new Map(spec.params.filter((p) => p.in === 'query').map((p) => [p.name, p]));
  const pairs = Object.entries(args.query ?? {}).flatMap(([k, v]) => serializeQuery(k, v, styles.get(k)));
  const qs = queryString(pairs);
  const url = `${opts.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  // Belt and braces: what fetch will request must keep the operation's path intact.
  const parsed = new URL(url);
  if (parsed.pathname !== `${new URL(opts.baseUrl).pathname.replace(/\/$/, '')}${path}`) {
    throw new RefusedError(`the path parameters would change the request path (${parsed.pathname}); pass plain ids`, 'VALIDATION');
  }
  const headers = checkHeaders(op.operationId, spec, args.headers ?? {});
  const built: BuiltRequest = { method: op.method, url, headers, auth: opts.auth };
  if (args.body !== undefined) {
    const mediaType = headers['Content-Type'] ?? spec.body?.mediaType ?? 'application/json';
    const wildcard = mediaType === '*' || mediaType === '*/*';
    if (typeof args.body === 'string' && !isJsonMedia(mediaType)) {
      built.body = args.body;
      built.headers['Content-Type'] = wildcard ? 'application/octet-stream' : mediaType;
    } else {
      built.body = JSON.stringify(args.body);
      built.headers['Content-Type'] = isJsonMedia(mediaType) ? mediaType : 'application/json';
    }
  }
  return built;
}
