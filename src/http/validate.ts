// Validates execute's arguments against the operation's resolved schemas before anything is sent.
// ajv is imported on the first validation, so it stays off the server's startup path.
import type { Ajv, ErrorObject, SchemaValidateFunction, ValidateFunction } from 'ajv';
import type { OpenAPIV3 } from 'openapi-types';
import { RefusedError } from '../errors.js';
import { ANY_OF, BRANCH_LABEL, inputSchema } from './input-schema.js';
import { isObject } from './json.js';
import type { RequestArgs } from './request.js';
import { isJsonMedia, type OperationSpec, type ParamSpec } from './spec.js';

export interface Problem {
  path: string;
  message: string;
}

/** Arguments after normalization: bracket names matched to the spec, unambiguous coercions applied. */
export interface CallInput {
  pathParams: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body?: unknown;
}

export interface ValidationTarget {
  doc: OpenAPIV3.Document;
  spec: OperationSpec;
  /** Unique per operation, e.g. "control-planes-config@v2#list-route". */
  key: string;
  operationId: string;
}

const MAX_PROBLEMS = 25;
const MAX_LISTED = 20;


// ---------- normalization and coercion (pure) ----------

function flatten(prefix: string, value: unknown, out: [string, unknown][]): void {
  if (isObject(value)) for (const [k, v] of Object.entries(value)) flatten(`${prefix}[${k}]`, v, out);
  else out.push([prefix, value]);
}

function setDeep(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = target;
  for (const k of keys.slice(0, -1)) {
    if (!isObject(node[k])) node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;
const INTEGER = /^-?\d+$/;

/** "10" for an integer (or number) parameter is unambiguous; anything else is left for validation to judge. */
function coerceNumber(value: unknown, type: string | undefined): unknown {
  if (typeof value !== 'string') return value;
  if (type === 'integer' && INTEGER.test(value)) return Number(value);
  if (type === 'number' && NUMERIC.test(value)) return Number(value);
  return value;
}

/** Matches the caller's query to the spec's parameter names, both ways, then coerces numeric strings. */
export function normalizeQuery(params: ParamSpec[], query: Record<string, unknown>): Record<string, unknown> {
  const declared = new Map(params.filter((p) => p.in === 'query').map((p) => [p.name, p]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query)) {
    if (declared.has(k)) {
      out[k] = v;
      continue;
    }
    // {filter: {name: {eq: "x"}}} for a spec that declares `filter[name][eq]`.
    if (isObject(v)) {
      const flat: [string, unknown][] = [];
      flatten(k, v, flat);
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
      if (!isObject(out[base])) out[base] = isObject(query[base]) ? { ...query[base] } : {};
      setDeep(out[base] as Record<string, unknown>, keys, v);
      continue;
    }
    out[k] = v;
  }
  for (const [name, p] of declared) {
    if (!(name in out)) continue;
    if (p.type === 'object' && isObject(out[name]) && p.propertyTypes) {
      const obj = { ...(out[name] as Record<string, unknown>) };
      for (const [k, t] of Object.entries(p.propertyTypes)) if (k in obj) obj[k] = coerceNumber(obj[k], t);
      out[name] = obj;
    } else {
      out[name] = coerceNumber(out[name], p.type);
    }
  }
  return out;
}

export function normalizeInput(spec: OperationSpec, args: RequestArgs): { input: CallInput; problems: Problem[] } {
  const problems: Problem[] = [];
  const pathParams: Record<string, unknown> = {};
  const pathTypes = new Map(spec.params.filter((p) => p.in === 'path').map((p) => [p.name, p.type]));
  for (const [k, v] of Object.entries(args.pathParams ?? {})) {
    // A number for a string id goes into the URL as the same text.
    pathParams[k] = typeof v === 'number' && pathTypes.get(k) === 'string' ? String(v) : coerceNumber(v, pathTypes.get(k));
    // URL parsers drop or climb on these, even percent-encoded.
    if (v === '' || v === '.' || v === '..') problems.push({ path: `pathParams.${k}`, message: `must be an id or name, not ${JSON.stringify(v)}` });
  }
  const declaredHeaders = new Map(spec.params.filter((p) => p.in === 'header').map((p) => [p.name.toLowerCase(), p.name]));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(args.headers ?? {})) headers[declaredHeaders.get(k.toLowerCase()) ?? k] = v;
  const input: CallInput = { pathParams, query: normalizeQuery(spec.params, args.query ?? {}), headers };
  if (args.body !== undefined) {
    let body: unknown = args.body;
    // A JSON document passed as a string, for a body that is not itself a string.
    if (typeof body === 'string' && spec.body && isJsonMedia(spec.body.mediaType) && spec.body.type !== 'string') {
      try {
        body = JSON.parse(body) as unknown;
      } catch {
        problems.push({ path: 'body', message: 'is a string that is not valid JSON; pass the body as a JSON object' });
      }
    }
    if (!spec.body) problems.push({ path: 'body', message: 'this operation takes no request body; remove it' });
    input.body = body;
  }
  return { input, problems };
}

// ---------- ajv ----------

interface Engine {
  ajv: Ajv;
  validators: Map<string, ValidateFunction>;
}

let engine: Promise<Engine> | undefined;

function loadEngine(): Promise<Engine> {
  engine ??= (async () => {
    const [{ Ajv: AjvClass }, formatsModule] = await Promise.all([import('ajv'), import('ajv-formats')]);
    const addFormats = formatsModule.default.default; // CommonJS module: its default export sits one level down
    const ajv = new AjvClass({ allErrors: true, strict: false, verbose: true, validateSchema: false, code: { regExp: specRegExp } });
    addFormats(ajv);
    // ajv-formats' `url` refuses private and loopback hosts, which are fine upstream targets for a gateway.
    ajv.addFormat('url', /^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i);
    // Konnect takes date-times without an offset where a separate tz field says which (analytics time ranges).
    const isoDateTime = ajv.formats['iso-date-time'];
    if (isoDateTime) ajv.addFormat('date-time', isoDateTime);
    ajv.addKeyword({ keyword: ANY_OF, schemaType: 'array', errors: true, validate: anyOfKeyword(ajv) });
    return { ajv, validators: new Map() };
  })();
  return engine;
}

/**
 * Spec patterns need the u flag (\p{L}) or break under it ([\-\.] is an invalid escape there): try with, then without.
 */
const specRegExp = Object.assign(
  (pattern: string, flags: string): RegExp => {
    try {
      return new RegExp(pattern, flags);
    } catch {
      return new RegExp(pattern, flags.replace('u', ''));
    }
  },
  { code: 'new RegExp' },
);

function branchScore(errors: ErrorObject[]): number {
  let score = 0;
  for (const e of errors) {
    const depth = e.instancePath === '' ? 0 : e.instancePath.split('/').length - 1;
    if (e.keyword === 'type' && depth === 0) score += 1000;
    else if ((e.keyword === 'const' || e.keyword === 'enum') && depth <= 1) score += 100;
    else if (e.keyword === 'additionalProperties' && depth === 0) score += 20;
    else score += 1;
  }
  return score;
}

/**
 * oneOf/anyOf: valid when at least one branch matches (a value matching two oneOf branches is still one the
 * API accepts). On failure, reports the closest branch's errors instead of every branch's.
 */
function anyOfKeyword(ajv: Ajv): SchemaValidateFunction {
  const compiled = new WeakMap<object, ValidateFunction>();
  const check: SchemaValidateFunction = (branches: unknown[], data: unknown, _parent, cxt) => {
    let best: { index: number; errors: ErrorObject[]; score: number } | undefined;
    for (const [index, branch] of branches.entries()) {
      if (branch === true) return true;
      if (!isObject(branch)) continue;
      const fn = compiled.get(branch) ?? ajv.compile(branch);
      compiled.set(branch, fn);
      if (fn(data)) return true;
      const errors = [...(fn.errors ?? [])];
      const score = branchScore(errors);
      if (!best || score < best.score) best = { index, errors, score };
    }
    const base = cxt?.instancePath ?? '';
    const closest = best ? branches[best.index] : undefined;
    const label: unknown = isObject(closest) ? (closest.title ?? closest[BRANCH_LABEL]) : undefined;
    check.errors = [
      {
        keyword: ANY_OF,
        instancePath: base,
        params: { count: branches.length },
        message: `matches none of the ${branches.length} allowed shapes${best ? `; closest is #${best.index + 1}${typeof label === 'string' ? ` (${label})` : ''}` : ''}`,
      },
      ...(best?.errors ?? []).map((e) => ({ ...e, instancePath: base + e.instancePath })),
    ];
    return false;
  };
  return check;
}

async function validatorFor(target: ValidationTarget): Promise<ValidateFunction> {
  const { ajv, validators } = await loadEngine();
  const cached = validators.get(target.key);
  if (cached) return cached;
  const id = `https://konnect-mcp.invalid/op/${encodeURIComponent(target.key)}`;
  const { schema, formats } = inputSchema(target.doc, target.spec, id);
  for (const f of formats) if (!ajv.formats[f]) ajv.addFormat(f, true); // unknown formats are annotations
  const fn = ajv.compile(schema);
  validators.set(target.key, fn);
  return fn;
}

// ---------- error rendering ----------

export function dataPath(instancePath: string): string {
  let out = '';
  for (const raw of instancePath.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(seg) && out ? `[${seg}]` : out ? `.${seg}` : seg;
  }
  return out;
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function list(values: unknown[], quote = true): string {
  const shown = values.slice(0, MAX_LISTED).map((v) => (quote ? short(v) : String(v)));
  return `${shown.join(', ')}${values.length > MAX_LISTED ? ` (and ${values.length - MAX_LISTED} more)` : ''}`;
}

function jsonType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

const GROUP_NAMES: Record<string, string> = { pathParams: 'path parameter', query: 'query parameter', headers: 'header' };

/** The value at a JSON pointer (errors forwarded by xAnyOf lose their own `data`). */
function valueAt(root: unknown, instancePath: string): unknown {
  let node = root;
  for (const raw of instancePath.split('/').slice(1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function describe(e: ErrorObject, operationId: string, root: unknown): Problem {
  const path = dataPath(e.instancePath);
  const got = valueAt(root, e.instancePath);
  const p = e.params as Record<string, unknown>;
  const join = (name: unknown): string => (path ? `${path}.${String(name)}` : String(name));
  switch (e.keyword) {
    case 'required':
      return { path: join(p.missingProperty), message: 'is required' };
    case 'additionalProperties': {
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const group = GROUP_NAMES[path];
      const what = group ? `is not a ${group} of ${operationId}` : 'is not a known field here';
      return { path: join(p.additionalProperty), message: `${what}; ${known.length ? `known: ${list(known, false)}` : 'there are none'}` };
    }
    case 'enum':
      return { path, message: `must be one of: ${list(p.allowedValues as unknown[])} (got ${short(got)})` };
    case 'const':
      return { path, message: `must be ${short(p.allowedValue)} (got ${short(got)})` };
    case 'type':
      return { path, message: `must be ${String(p.type)} (got ${jsonType(got)})` };
    case 'format':
      return { path, message: `must be a valid ${String(p.format)} (got ${short(got)})` };
    default:
      return { path, message: e.message ?? `fails ${e.keyword}` };
  }
}

export function describeErrors(errors: ErrorObject[], operationId: string, root: unknown): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const e of errors) {
    const problem = describe(e, operationId, root);
    const key = `${problem.path}\n${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out;
}

/** Every problem with the arguments, each with its path; [] when the call may be sent. */
export async function findProblems(target: ValidationTarget, args: RequestArgs): Promise<{ input: CallInput; problems: Problem[] }> {
  const { input, problems } = normalizeInput(target.spec, args);
  const validate = await validatorFor(target);
  const headers: Record<string, unknown> = { ...input.headers };
  for (const p of target.spec.params) if (p.in === 'header' && p.name in headers) headers[p.name] = coerceNumber(headers[p.name], p.type);
  const data: Record<string, unknown> = { pathParams: input.pathParams, query: input.query, headers };
  if (input.body !== undefined && target.spec.body) data.body = input.body;
  if (!validate(data)) problems.push(...describeErrors(validate.errors ?? [], target.operationId, data));
  return { input, problems };
}

export function formatProblems(operationId: string, problems: Problem[]): string {
  const shown = problems.slice(0, MAX_PROBLEMS).map((p) => `- ${p.path || '(arguments)'}: ${p.message}`);
  if (problems.length > MAX_PROBLEMS) shown.push(`- ... and ${problems.length - MAX_PROBLEMS} more`);
  const n = problems.length;
  return `${n} problem${n === 1 ? '' : 's'} with the arguments for ${operationId}; nothing was sent:\n${shown.join('\n')}\nFix ${n === 1 ? 'it' : 'them'} (get_schema ${operationId} shows the schema) and call again.`;
}

/** Validates and normalizes; throws a VALIDATION refusal listing every problem. */
export async function validateCall(target: ValidationTarget, args: RequestArgs): Promise<CallInput> {
  const { input, problems } = await findProblems(target, args);
  if (problems.length > 0) throw new RefusedError(formatProblems(target.operationId, problems), 'VALIDATION');
  return input;
}
