// Normalizes execute's arguments before validation: query names matched to the spec's spelling, and only
// unambiguous coercions (a numeric string for a number parameter, "true"/"false" for a boolean one, a JSON body passed as a string). Pure.
import { ToolInputError } from '../errors.js';
import { dict, isObject, nestingDepth, own } from '../json.js';
import type { RequestArgs } from './request.js';
import { isJsonMedia, type OperationSpec, type ParamSpec } from './spec.js';

export interface Problem {
  path: string;
  message: string;
}

/** Arguments after normalization: bracket names matched to the spec, unambiguous coercions applied. */
export interface NormalizedArgs {
  pathParams: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body?: unknown;
}

/** How deep the free-form arguments may nest (the others take strings): Konnect's query names have three levels (filter[field][op]), bodies a dozen or so. */
const ARGUMENT_DEPTHS = {
  query: { max: 8, hint: "Konnect's query parameters have at most 3, as in filter[name][eq]=x." },
  body: { max: 64, hint: 'no Konnect request body is that deep; check the body against the schema.' },
} as const;

/** Walking a far deeper object than any Konnect request has would overflow the stack: refused first, with what fits. */
export function checkArgumentDepth(arg: keyof typeof ARGUMENT_DEPTHS, value: unknown): void {
  const { max, hint } = ARGUMENT_DEPTHS[arg];
  if (value !== undefined && nestingDepth(value, max) > max) throw new ToolInputError((w) => `${w.arg(arg)} nests more than ${max} levels; ${hint}`);
}

function bracketEntries(prefix: string, value: unknown, out: [string, unknown][]): void {
  if (isObject(value)) for (const [k, v] of Object.entries(value)) bracketEntries(`${prefix}[${k}]`, v, out);
  else out.push([prefix, value]);
}

/** Nests `value` under `keys`; every level is a prototype-free object, so a key like `__proto__` stays a key. */
function setDeep(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = target;
  for (const k of keys.slice(0, -1)) {
    node = node[k] = Object.assign(dict(), own(node, k));
  }
  node[keys.at(-1)!] = value;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;
const INTEGER = /^-?\d+$/;

/** Coerces a string by the parameter's schema type, the one place that does: "10" for an integer (or number),
 *  "true"/"false" for a boolean. Anything else is left for validation to judge. */
export function coerceByType(value: unknown, type: string | undefined): unknown {
  if (typeof value !== 'string') return value;
  if (type === 'integer' && INTEGER.test(value)) return Number(value);
  if (type === 'number' && NUMERIC.test(value)) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** Matches the caller's query to the spec's parameter names, both ways, then coerces strings by type. */
export function normalizeQuery(params: ParamSpec[], query: Record<string, unknown>): Record<string, unknown> {
  const declared = new Map(params.filter((p) => p.in === 'query').map((p) => [p.name, p]));
  const out = dict();
  for (const [k, v] of Object.entries(query)) {
    if (declared.has(k)) {
      out[k] = v;
      continue;
    }
    // {filter: {name: {eq: "x"}}} for a spec that declares `filter[name][eq]`.
    if (isObject(v)) {
      const flat: [string, unknown][] = [];
      bracketEntries(k, v, flat);
      if (flat.some(([name]) => declared.has(name))) {
        for (const [name, value] of flat) out[name] = value;
        continue;
      }
    }
    // `page[size]` for a spec that declares a deepObject `page`.
    const open = k.indexOf('[');
    const base = open > 0 ? k.slice(0, open) : '';
    if (base && declared.get(base)?.type === 'object' && /^(\[[^[\]]+\])+$/.test(k.slice(open))) {
      const keys = [...k.slice(open).matchAll(/\[([^[\]]+)\]/g)].map((m) => m[1]!);
      if (!isObject(own(out, base))) out[base] = Object.assign(dict(), own(query, base));
      setDeep(out[base] as Record<string, unknown>, keys, v);
      continue;
    }
    out[k] = v;
  }
  for (const [name, p] of declared) {
    if (!Object.hasOwn(out, name)) continue;
    if (p.type === 'object' && isObject(out[name]) && p.propertyTypes) {
      const obj = Object.assign(dict(), out[name]);
      for (const [k, t] of Object.entries(p.propertyTypes)) if (Object.hasOwn(obj, k)) obj[k] = coerceByType(obj[k], t);
      out[name] = obj;
    } else {
      out[name] = coerceByType(out[name], p.type);
    }
  }
  return out;
}

export function normalizeInput(spec: OperationSpec, args: RequestArgs): { input: NormalizedArgs; problems: Problem[] } {
  const problems: Problem[] = [];
  const pathParams = dict();
  const pathTypes = new Map(spec.params.filter((p) => p.in === 'path').map((p) => [p.name, p.type]));
  for (const [k, v] of Object.entries(args.pathParams ?? {})) {
    // A number for a string id goes into the URL as the same text.
    pathParams[k] = typeof v === 'number' && pathTypes.get(k) === 'string' ? String(v) : coerceByType(v, pathTypes.get(k));
    // URL parsers drop or climb on these, even percent-encoded.
    if (v === '' || v === '.' || v === '..') problems.push({ path: `pathParams.${k}`, message: `must be an id or name, not ${JSON.stringify(v)}` });
  }
  const declaredHeaders = new Map(spec.params.filter((p) => p.in === 'header').map((p) => [p.name.toLowerCase(), p.name]));
  const headers = dict<string>();
  for (const [k, v] of Object.entries(args.headers ?? {})) headers[declaredHeaders.get(k.toLowerCase()) ?? k] = v;
  const input: NormalizedArgs = { pathParams, query: normalizeQuery(spec.params, args.query ?? {}), headers };
  if (args.body !== undefined) {
    let body: unknown = args.body;
    // A JSON document passed as a string, for a body that is not itself a string.
    if (typeof body === 'string' && spec.body && isJsonMedia(spec.body.mediaType) && spec.body.type !== 'string') {
      try {
        body = JSON.parse(body) as unknown;
      } catch {
        problems.push({ path: 'body', message: 'is a string that is not valid JSON; pass the body as a JSON object' });
      }
      checkArgumentDepth('body', body);
    }
    if (!spec.body) problems.push({ path: 'body', message: 'this operation takes no request body; remove it' });
    input.body = body;
  }
  return { input, problems };
}
