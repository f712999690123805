// Validation errors in words. For a value that matches none of a oneOf/anyOf, the branch the caller evidently meant
// is picked (by a value it pins, such as `field: gateway_service`, else by the most matching keys) and only its problems
// are reported; id patterns are said in words; the get_schema `part` showing that branch is named for the fix.
// The same for every API: nothing here knows an operation.
import type { ErrorObject } from 'ajv';
import type { OpenAPIV3 } from 'openapi-types';
import { entityWords, idKind, isUuid, scopedForm } from '../schema/id-form.js';
import { navigate } from '../schema/navigate.js';
import { flattenSchema } from '../schema/flatten.js';
import { ANY_OF } from './input-schema.js';
import { isObject } from '../json.js';
import type { Problem } from './normalize.js';

/** Reads a converted schema behind its `$ref` (ajv knows the root's $defs). */
export type Resolve = (schema: unknown) => Record<string, unknown> | undefined;

export interface Candidate {
  index: number;
  errors: ErrorObject[];
  score: number;
}

/** What the union keyword records about its choice, in the error's params. */
export interface Choice {
  count: number;
  index: number;
  kind: 'oneOf' | 'anyOf';
  /** Values the chosen branch pins (its discriminator, e.g. { field: "gateway_service" }). */
  pinned: Record<string, unknown>;
}

const MAX_HOPS = 8;
/** Enums this long or shorter are listed whole in an error (a query's metric names are 30). */
const ENUM_WHOLE = 60;

function resolved(resolve: Resolve, s: unknown): Record<string, unknown> | undefined {
  let cur = s;
  for (let hops = 0; isObject(cur) && typeof cur.$ref === 'string' && hops < MAX_HOPS; hops++) cur = resolve(cur);
  return isObject(cur) ? cur : undefined;
}

function single(resolve: Resolve, prop: unknown): { value: unknown; isDefault: boolean } | undefined {
  const s = resolved(resolve, prop);
  if (!s) return undefined;
  if ('const' in s) return { value: s.const, isDefault: s.default === s.const };
  if (Array.isArray(s.enum) && s.enum.length === 1) return { value: s.enum[0], isDefault: s.default === s.enum[0] };
  return undefined;
}

interface Shape {
  /** Property names the branch knows. */
  keys: Set<string>;
  pinned: Map<string, { value: unknown; isDefault: boolean }>;
}

/** Keys and pinned values of a converted branch, through allOf parts and values common to its own union members. */
function shapeOf(resolve: Resolve, branch: unknown, depth = 0): Shape {
  const shape: Shape = { keys: new Set(), pinned: new Map() };
  const s = resolved(resolve, branch);
  if (!s || depth > 3) return shape;
  for (const [name, prop] of Object.entries(isObject(s.properties) ? s.properties : {})) {
    shape.keys.add(name);
    const pin = single(resolve, prop);
    if (pin) shape.pinned.set(name, pin);
  }
  const parts = [...(Array.isArray(s.allOf) ? s.allOf : [])];
  for (const part of parts) merge(shape, shapeOf(resolve, part, depth + 1));
  const members = Array.isArray(s[ANY_OF]) ? (s[ANY_OF] as unknown[]) : [];
  if (members.length > 0) {
    const inner = members.map((m) => shapeOf(resolve, m, depth + 1));
    for (const m of inner) for (const k of m.keys) shape.keys.add(k);
    for (const [k, pin] of inner[0]!.pinned) {
      if (inner.every((m) => m.pinned.get(k)?.value === pin.value)) shape.pinned.set(k, pin);
    }
  }
  return shape;
}

/** Shapes per converted branch: a failing union is judged again for every outer branch tried. */
const shapeCache = new WeakMap<object, Shape>();

function cachedShape(resolve: Resolve, branch: unknown): Shape {
  if (!isObject(branch)) return shapeOf(resolve, branch);
  let shape = shapeCache.get(branch);
  if (!shape) {
    shape = shapeOf(resolve, branch);
    shapeCache.set(branch, shape);
  }
  return shape;
}

function merge(into: Shape, from: Shape): void {
  for (const k of from.keys) into.keys.add(k);
  for (const [k, v] of from.pinned) if (!into.pinned.has(k)) into.pinned.set(k, v);
}

/**
 * The branch the caller meant: one whose pinned values the data states (a discriminator), else the branch that is
 * the default when the data leaves its pinned key out, else the one sharing the most keys with the data; ties go to
 * the fewest errors.
 */
export function chooseBranch(resolve: Resolve, branches: unknown[], data: unknown, failed: Candidate[]): { best: Candidate; pinned: Record<string, unknown> } | undefined {
  if (failed.length === 0) return undefined;
  const byScore = (a: Candidate, b: Candidate): number => a.score - b.score;
  if (!isObject(data)) return { best: [...failed].sort(byScore)[0]!, pinned: {} };
  const shapes = new Map(failed.map((c) => [c.index, cachedShape(resolve, branches[c.index])]));
  // Own keys only: the caller's object may carry any name, "constructor" included.
  const has = (k: string): boolean => Object.hasOwn(data, k);
  const keyed = failed.filter((c) => {
    const pins = [...shapes.get(c.index)!.pinned].filter(([k]) => has(k));
    return pins.length > 0 && pins.every(([k, pin]) => data[k] === pin.value);
  });
  const defaults = failed.filter((c) => [...shapes.get(c.index)!.pinned].some(([k, pin]) => !has(k) && pin.isDefault));
  const shared = (c: Candidate): number => Object.keys(data).filter((k) => shapes.get(c.index)!.keys.has(k)).length;
  const pool = keyed.length > 0 ? keyed : defaults.length > 0 ? defaults : failed;
  const best = [...pool].sort((a, b) => shared(b) - shared(a) || byScore(a, b))[0]!;
  const pinned = Object.fromEntries([...shapes.get(best.index)!.pinned].map(([k, pin]) => [k, pin.value]));
  return { best, pinned };
}

export interface ExplainTarget {
  doc: OpenAPIV3.Document;
  /** Raw (spec) schema of the request body, for descriptions and to check the part named. */
  body: unknown;
}

function segments(instancePath: string): string[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isPrefix(prefix: string, path: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

function choiceOf(e: ErrorObject): Choice | undefined {
  const p = e.params as Partial<Choice>;
  return e.keyword === ANY_OF && typeof p.index === 'number' && (p.kind === 'oneOf' || p.kind === 'anyOf') ? (p as Choice) : undefined;
}

/** Union choices on the way to `leaf`, outermost first: those listed before it whose path leads to it. */
function chainTo(errors: ErrorObject[], leafAt: number): ErrorObject[] {
  const leaf = errors[leafAt]!;
  return errors.slice(0, leafAt).filter((e) => choiceOf(e) !== undefined && isPrefix(e.instancePath, leaf.instancePath));
}

/** Field names (array indexes skipped) from one instance path to a deeper one. */
function fieldsBetween(from: string, to: string): string[] {
  return segments(to)
    .slice(segments(from).length)
    .filter((s) => !/^\d+$/.test(s));
}

/** The get_schema part for a chain of choices inside the body ("requestBody.oneOf[0].filters.oneOf[12]"). */
function partOf(chain: ErrorObject[]): string[] | undefined {
  if (chain.length === 0 || !isPrefix('/body', chain[0]!.instancePath)) return undefined;
  const out: string[] = [];
  let at = '/body';
  for (const e of chain) {
    const c = choiceOf(e)!;
    out.push(...fieldsBetween(at, e.instancePath), `${c.kind}[${c.index}]`);
    at = e.instancePath;
  }
  return out;
}

/** The longest prefix of `path` that get_schema can show. */
function reachable(target: ExplainTarget, path: string[]): string[] {
  for (let n = path.length; n > 0; n--) {
    if (navigate(target.doc, target.body, path.slice(0, n)).nodes.length > 0) return path.slice(0, n);
  }
  return [];
}

function descriptionAt(target: ExplainTarget, path: string[]): string | undefined {
  for (let n = path.length; n > 0; n--) {
    for (const node of navigate(target.doc, target.body, path.slice(0, n)).nodes) {
      if (!isObject(node)) continue;
      const d = flattenSchema(target.doc, node, []).schema.description;
      if (typeof d === 'string') return d;
    }
  }
  return undefined;
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** An id pattern in words; undefined for any other pattern. */
function patternWords(e: ErrorObject, got: unknown, entity: string | undefined, description: string | undefined): string | undefined {
  const kind = idKind((e.params as { pattern?: unknown }).pattern);
  if (kind === 'uuid') return `must be a UUID such as "9524ec7d-36d9-465d-a8c5-83a3c9390458" (got ${short(got)})`;
  if (kind !== 'scoped-uuid') return undefined;
  const { form, example } = scopedForm(description, entity, got);
  const what = entity ? `a ${entityWords(entity)}` : 'this id';
  const bare = isUuid(got) ? ' a bare id is not enough' : ` got ${short(got)}`;
  return `${what} is written ${form} here, two UUIDs joined by ':', e.g. "${example}";${bare}`;
}

function enumWords(e: ErrorObject, got: unknown): string | undefined {
  const allowed = (e.params as { allowedValues?: unknown }).allowedValues;
  if (!Array.isArray(allowed) || allowed.length > ENUM_WHOLE) return undefined;
  const same = typeof got === 'string' ? allowed.find((v) => typeof v === 'string' && v.toLowerCase() === got.toLowerCase()) : undefined;
  const hint = same !== undefined ? `; write ${short(same)} exactly (case matters)` : '';
  return `must be one of: ${allowed.map(short).join(', ')} (got ${short(got)})${hint}`;
}

export interface Explained {
  problems: Problem[];
  /** The get_schema part showing the branch the first problem is in. */
  part?: string;
}

/**
 * Problems in words: a union's own line ("matches none of N shapes") is left out when the chosen branch's problems
 * follow it; id patterns and enums are said in words; everything else comes from `describe`.
 */
export function explainErrors(
  errors: ErrorObject[],
  target: ExplainTarget,
  valueAt: (path: string) => unknown,
  describe: (e: ErrorObject) => Problem,
  dataPath: (instancePath: string) => string,
): Explained {
  const leaves = errors.map((e, i) => [e, i] as const).filter(([e]) => e.keyword !== ANY_OF);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const add = (p: Problem): void => {
    const key = `${p.path}\n${p.message}`;
    if (!seen.has(key)) problems.push(p);
    seen.add(key);
  };
  let part: string | undefined;
  errors.forEach((e, i) => {
    if (e.keyword === ANY_OF) {
      // Kept only when no problem of its chosen branch follows.
      if (!leaves.some(([l, j]) => j > i && isPrefix(e.instancePath, l.instancePath))) add(describe(e));
      return;
    }
    const chain = chainTo(errors, i);
    const path = partOf(chain);
    const shown = path ? reachable(target, path) : undefined;
    if (part === undefined && shown && shown.length > 0) part = ['requestBody', ...shown].join('.');
    const words = inWords(e, chain, shown, target, valueAt);
    add(words === undefined ? describe(e) : { path: dataPath(e.instancePath), message: words });
  });
  return part === undefined ? { problems } : { problems, part };
}

function inWords(e: ErrorObject, chain: ErrorObject[], shown: string[] | undefined, target: ExplainTarget, valueAt: (path: string) => unknown): string | undefined {
  const got = valueAt(e.instancePath);
  if (e.keyword === 'enum') return enumWords(e, got);
  if (e.keyword !== 'pattern') return undefined;
  const pinned = chain.map((c) => choiceOf(c)!.pinned).reverse();
  // The entity: what the branch is keyed by (field: gateway_service), else the field's own name (widget_id).
  const own = segments(e.instancePath).filter((x) => !/^\d+$/.test(x)).at(-1)?.replace(/_?id$/i, '');
  const entity = pinned.map((p) => Object.values(p).find((v): v is string => typeof v === 'string')).find((v) => v !== undefined) ?? own;
  const inside = chain.at(-1);
  const fields = inside && shown ? [...shown, ...fieldsBetween(inside.instancePath, e.instancePath)] : undefined;
  const description = fields ? descriptionAt(target, fields) : undefined;
  return patternWords(e, got, entity, description);
}
