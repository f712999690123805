// Validates execute's arguments against the operation's resolved schemas before anything is sent.
// ajv is imported on the first validation, so it stays off the server's startup path.
import type { Ajv, ErrorObject, SchemaValidateFunction, ValidateFunction } from 'ajv';
import type { OpenAPIV3 } from 'openapi-types';
import { RefusedError, WORDS, type Words } from '../errors.js';
import { chooseBranch, explainErrors, type Candidate, type Resolve } from './explain.js';
import { ANY_OF, BRANCH_LABEL, inputSchema, UNION_KIND } from './input-schema.js';
import { isObject, own } from '../json.js';
import { coerceByType, normalizeInput, type NormalizedArgs, type Problem } from './normalize.js';
import type { RequestArgs } from './request.js';
import type { OperationSpec } from './spec.js';

export interface ValidationTarget {
  doc: OpenAPIV3.Document;
  spec: OperationSpec;
  /** Unique per operation, e.g. "control-planes-config@v2#list-route". */
  key: string;
  operationId: string;
}

const MAX_PROBLEMS = 25;
/** Errors explained, of any number ajv reports: explaining walks earlier errors per error, and 25 are shown anyway. */
const MAX_EXPLAINED = 500;
const MAX_LISTED = 20;

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
  const resolve = refResolver(ajv);
  const check: SchemaValidateFunction = (branches: unknown[], data: unknown, parent, cxt) => {
    const failed: Candidate[] = [];
    for (const [index, branch] of branches.entries()) {
      if (branch === true) return true;
      if (!isObject(branch)) continue;
      const fn = compiled.get(branch) ?? ajv.compile(branch);
      compiled.set(branch, fn);
      if (fn(data)) return true;
      const errors = [...(fn.errors ?? [])];
      failed.push({ index, errors, score: branchScore(errors) });
    }
    const chosen = chooseBranch(resolve, branches, data, failed);
    const best = chosen?.best;
    const base = cxt?.instancePath ?? '';
    const closest = best ? branches[best.index] : undefined;
    const label: unknown = isObject(closest) ? (closest.title ?? closest[BRANCH_LABEL]) : undefined;
    const kind: unknown = isObject(parent) ? parent[UNION_KIND] : undefined;
    check.errors = [
      {
        keyword: ANY_OF,
        instancePath: base,
        params: { count: branches.length, ...(best && chosen ? { index: best.index, kind, pinned: chosen.pinned } : {}) },
        message: `matches none of the ${branches.length} allowed shapes${best ? `; closest is #${best.index + 1}${typeof label === 'string' ? ` (${label})` : ''}` : ''}`,
      },
      ...(best?.errors ?? []).map((e) => ({ ...e, instancePath: base + e.instancePath })),
    ];
    return false;
  };
  return check;
}

/** A converted schema behind its $ref, as ajv holds it. */
function refResolver(ajv: Ajv): Resolve {
  return (s) => {
    if (!isObject(s)) return undefined;
    if (typeof s.$ref !== 'string') return s;
    try {
      const schema: unknown = ajv.getSchema(s.$ref)?.schema;
      return isObject(schema) ? schema : undefined;
    } catch {
      return undefined;
    }
  };
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
    node = own(node, raw.replace(/~1/g, '/').replace(/~0/g, '~'));
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
      const group = Object.hasOwn(GROUP_NAMES, path) ? GROUP_NAMES[path] : undefined;
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

/** Every problem with the arguments, each with its path; [] when the call may be sent. `part`: get_schema's part for the branch meant. */
export async function findProblems(
  target: ValidationTarget,
  args: RequestArgs,
): Promise<{ input: NormalizedArgs; problems: Problem[]; part?: string; unexplained?: number }> {
  const { input, problems } = normalizeInput(target.spec, args);
  const validate = await validatorFor(target);
  const headers: Record<string, unknown> = { ...input.headers };
  for (const p of target.spec.params) if (p.in === 'header' && p.name in headers) headers[p.name] = coerceByType(headers[p.name], p.type);
  const data: Record<string, unknown> = { pathParams: input.pathParams, query: input.query, headers };
  if (input.body !== undefined && target.spec.body) data.body = input.body;
  if (validate(data)) return { input, problems };
  const errors = validate.errors ?? [];
  const explained = explainErrors(
    errors.slice(0, MAX_EXPLAINED),
    { doc: target.doc, body: target.spec.body?.schema },
    (at) => valueAt(data, at),
    (e) => describe(e, target.operationId, data),
    dataPath,
  );
  problems.push(...explained.problems);
  const unexplained = Math.max(0, errors.length - MAX_EXPLAINED);
  return { input, problems, ...(explained.part === undefined ? {} : { part: explained.part }), ...(unexplained > 0 ? { unexplained } : {}) };
}

/** `unexplained`: errors past the ones explained, so the count says "over". */
export function formatProblems(operationId: string, problems: Problem[], w: Words = WORDS.mcp, part?: string, unexplained = 0): string {
  const shown = problems.slice(0, MAX_PROBLEMS).map((p) => `- ${p.path ? w.field(p.path) : '(arguments)'}: ${p.message}`);
  if (problems.length > MAX_PROBLEMS || unexplained > 0) shown.push(`- ... and ${unexplained > 0 ? 'over ' : ''}${Math.max(0, problems.length - MAX_PROBLEMS)} more`);
  const n = problems.length;
  const count = `${unexplained > 0 ? 'Over ' : ''}${n} problem${n === 1 && unexplained === 0 ? '' : 's'}`;
  const schema = part === undefined ? `${w.schema(operationId)} shows the schema` : `${w.schema(operationId)} with ${w.arg('part')} "${part}" shows that shape`;
  return `${count} with the arguments for ${operationId}; nothing was sent:\n${shown.join('\n')}\nFix ${n === 1 && unexplained === 0 ? 'it' : 'them'} (${schema}) and call again.`;
}

/** Validates and normalizes; throws a VALIDATION refusal listing every problem. */
export async function validateCall(target: ValidationTarget, args: RequestArgs): Promise<NormalizedArgs> {
  const { input, problems, part, unexplained } = await findProblems(target, args);
  if (problems.length > 0) throw new RefusedError((w) => formatProblems(target.operationId, problems, w, part, unexplained), 'VALIDATION');
  return input;
}
