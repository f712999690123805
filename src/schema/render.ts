// Renders one schema node into compact, $ref-free JSON: what a caller needs, nothing else.
import { isObject, type Json, type JsonObject, type Raw } from '../json.js';
import { firstSentence, flattenSchema, refName, unionOf } from './flatten.js';
import { injectDiscriminatorValues, mayGroup, summarizeUnion } from './unions.js';

export type Mode = 'request' | 'response';

export interface RenderOptions {
  mode: Mode;
  /** Levels of properties shown below the root; deeper nodes become { $more }. */
  maxDepth: number;
  examples: boolean;
  /** Show the root's enum whole (the caller asked for exactly this part). */
  fullRootEnum: boolean;
  /** A query body (a POST that only reads): its enums are the query's vocabulary and are never cut. */
  vocabulary?: boolean;
  /** Node allowance; running out throws TooLarge so the caller can retry with less depth. */
  budget: { left: number };
}

/** Thrown when a render runs out of its node allowance. */
export class TooLarge extends Error {
  constructor() {
    super('schema too large for this depth');
  }
}

interface Ctx {
  doc: unknown;
  opts: RenderOptions;
  stack: readonly string[];
  depth: number;
  /** Part path of this node, for { $more } and enum pointers. */
  at: string;
  keepTitle: boolean;
  /** Per-child ref paths when this node merged allOf parts. */
  kids?: Map<unknown, readonly string[]> | undefined;
  /** Property a union member is chosen by (its discriminator): that property's enum is never cut. */
  keyProp?: string | undefined;
  /** This node is such a property. */
  isKey?: boolean;
}

/** The ref path a child of this node is reached by. */
function under(ctx: Ctx, child: unknown): readonly string[] {
  return ctx.kids?.get(child) ?? ctx.stack;
}

/** Unions with more members than this (and not summarized) list them one level down. */
export const BIG_UNION = 8;
/** Node allowance for trying to fold a big union before listing its members one level down. */
const UNION_TRIAL = 3_000;
/** Description length kept on a node cut by the depth limit. */
export const CUT_DESCRIPTION = 100;
const ENUM_LIMIT = 24;
const ENUM_SHOWN = 16;
/** Never shown: presentation, tooling and vendor noise. */
const DROPPED = new Set(['xml', 'externalDocs', '$schema', '$id', '$comment', 'readOnly', 'writeOnly', 'x-examples']);
/** Validation-only keywords: useful when sending, noise when reading a response. */
const REQUEST_ONLY = new Set(['pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'uniqueItems', 'multipleOf', 'minProperties', 'maxProperties', 'default']);
const FORMATS_WITH_BUILTIN_PATTERN = new Set(['uuid', 'date-time', 'date', 'email', 'uri']);

export function renderSchema(doc: unknown, node: unknown, at: string, opts: RenderOptions): Json {
  return render(node, { doc, opts, stack: [], depth: 0, at, keepTitle: false });
}

function render(node: unknown, ctx: Ctx): Json {
  if (!isObject(node)) return node as Json;
  const flat = flattenSchema(ctx.doc, node, ctx.stack);
  if (flat.cycle) return { $cycle: flat.cycle };
  if (flat.missing) return { $missing: flat.missing.replace(/^#\//, '') };
  if (--ctx.opts.budget.left < 0) throw new TooLarge();
  const s = flat.schema;
  const here: Ctx = { ...ctx, stack: flat.stack, kids: flat.childStacks, keyProp: undefined };
  if (ctx.depth >= ctx.opts.maxDepth && hasChildren(here, s)) return cut(s, ctx, node);
  const out: JsonObject = {};
  const title = ctx.keepTitle ? variantTitle(s, node) : undefined;
  if (title) out.title = title;
  for (const [k, v] of Object.entries(s)) {
    if (DROPPED.has(k) || k.startsWith('x-')) continue;
    if (ctx.opts.mode === 'response' && REQUEST_ONLY.has(k)) continue;
    switch (k) {
      case 'description': {
        const d = firstSentence(v);
        if (d) out.description = d;
        break;
      }
      case 'title':
        break; // union members get theirs below
      case 'example':
      case 'examples':
        if (ctx.opts.examples) out[k] = v as Json;
        break;
      case 'properties':
        if (isObject(v)) renderProperties(v, s, { ...here, keyProp: ctx.keyProp }, out);
        break;
      case 'required':
        break; // written by renderProperties, without dropped fields
      case 'items':
        out.items = render(v, { ...here, stack: under(here, v), keepTitle: false });
        break;
      case 'additionalProperties':
        // Closed objects matter only when sending.
        if (v === false && ctx.opts.mode === 'response') break;
        out[k] = isObject(v) ? render(v, { ...here, stack: under(here, v), depth: ctx.depth + 1, at: `${ctx.at}.${k}`, keepTitle: false }) : (v as Json);
        break;
      case 'not':
        out[k] = isObject(v) ? render(v, { ...here, stack: under(here, v), depth: ctx.depth + 1, at: `${ctx.at}.${k}`, keepTitle: false }) : (v as Json);
        break;
      case 'allOf':
        // Only what flattenSchema could not merge (a second union).
        out.allOf = (v as unknown[]).map((m) => render(m, { ...here, stack: under(here, m), keepTitle: false }));
        break;
      case 'oneOf':
      case 'anyOf':
        renderUnion(k, v as unknown[], s, here, out);
        break;
      case 'discriminator':
        // A folded union already names its key.
        if (isObject(v) && typeof v.propertyName === 'string' && out.$union === undefined) out.discriminator = { propertyName: v.propertyName };
        break;
      case 'enum':
        renderEnum(v as Json[], here, out);
        break;
      case 'pattern':
        if (!FORMATS_WITH_BUILTIN_PATTERN.has(String(s.format))) out.pattern = v as Json;
        break;
      case 'additionalItems':
        break;
      case 'nullable':
      case 'deprecated':
        if (v === true) out[k] = true;
        break;
      default:
        out[k] = v as Json;
    }
  }
  return out;
}

/** A node the depth limit stops at: enough to decide whether to ask for it. */
function cut(s: Raw, ctx: Ctx, node: Raw): JsonObject {
  const out: JsonObject = {};
  const title = ctx.keepTitle ? variantTitle(s, node) : undefined;
  if (title) out.title = title;
  const d = firstSentence(s.description, CUT_DESCRIPTION);
  if (d) out.description = d;
  if (typeof s.type === 'string') out.type = s.type;
  out.$more = ctx.at;
  return out;
}

/** A union member is named by its title, else by its component name. */
function variantTitle(s: Raw, node: Raw): string | undefined {
  if (typeof s.title === 'string') return s.title;
  return typeof node.$ref === 'string' ? refName(node.$ref) : undefined;
}

function renderProperties(props: Raw, s: Raw, ctx: Ctx, out: JsonObject): void {
  const rendered: JsonObject = {};
  const dropped = new Set<string>();
  const own = isObject(s.discriminator) && typeof s.discriminator.propertyName === 'string' ? s.discriminator.propertyName : undefined;
  for (const [name, sub] of Object.entries(props)) {
    if (hidden(ctx, sub)) {
      dropped.add(name);
      continue;
    }
    const isKey = name === ctx.keyProp || name === own;
    rendered[name] = render(sub, { ...ctx, stack: under(ctx, sub), depth: ctx.depth + 1, at: `${ctx.at}.${name}`, keepTitle: false, keyProp: undefined, isKey });
  }
  const required = Array.isArray(s.required) ? s.required.map(String).filter((r) => !dropped.has(r)) : [];
  if (required.length > 0) out.required = required;
  out.properties = rendered;
}

/** readOnly fields are left out of requests, writeOnly ones out of responses. */
function hidden(ctx: Ctx, sub: unknown): boolean {
  if (!isObject(sub)) return false;
  const flag = ctx.opts.mode === 'request' ? 'readOnly' : 'writeOnly';
  if (sub[flag] === true) return true;
  const flat = flattenSchema(ctx.doc, sub, under(ctx, sub));
  return flat.schema[flag] === true;
}

/**
 * Long enums keep their first values and a pointer to the part that lists them all, except a query's
 * vocabulary (metric names, dimensions, filter fields) and the values union members are chosen by.
 */
function renderEnum(values: Json[], ctx: Ctx, out: JsonObject): void {
  const whole = (ctx.opts.fullRootEnum && ctx.depth === 0) || ctx.opts.vocabulary === true || ctx.isKey === true;
  if (whole || values.length <= ENUM_LIMIT) {
    out.enum = values;
    return;
  }
  out.enum = values.slice(0, ENUM_SHOWN);
  out.$moreEnum = `+${values.length - ENUM_SHOWN} more: ask for part "${ctx.at}"`;
}

function renderUnion(kind: 'oneOf' | 'anyOf', variants: unknown[], s: Raw, ctx: Ctx, out: JsonObject): void {
  const disc = isObject(s.discriminator) && typeof s.discriminator.propertyName === 'string' ? s.discriminator : undefined;
  const hint = disc?.propertyName as string | undefined;
  const renderAt = (depth: number, opts: RenderOptions): Json[] => {
    const rendered = variants.map((v, i) => render(v, { ...ctx, opts, stack: under(ctx, v), depth, at: `${ctx.at}.${kind}[${i}]`, keepTitle: true, keyProp: hint }));
    if (disc) injectDiscriminatorValues(disc, variants, rendered);
    return rendered;
  };
  // A long list of members counts as a level of its own, so a tight depth lists them by name,
  // unless they fold into a summary, which names them all anyway.
  const big = variants.length > BIG_UNION;
  const level = !big ? renderAt(ctx.depth, ctx.opts) : mayGroup(ctx.doc, variants, ctx.stack, hint) ? trial(ctx.opts, (o) => renderAt(ctx.depth, o)) : undefined;
  if (level) {
    const summary = summarizeUnion(level, hint);
    if (summary) {
      delete out.discriminator;
      Object.assign(out, summary);
      return;
    }
    if (!big) {
      out[kind] = level;
      return;
    }
  }
  out[kind] = renderAt(ctx.depth + 1, ctx.opts);
}

/**
 * Runs a render on a bounded share of the allowance (folding a recursive union could multiply the
 * work); undefined when that share ran out but the whole allowance has not.
 */
function trial(opts: RenderOptions, run: (opts: RenderOptions) => Json[]): Json[] | undefined {
  const share = Math.min(opts.budget.left, UNION_TRIAL);
  const budget = { left: share };
  try {
    const out = run({ ...opts, budget });
    opts.budget.left -= share - budget.left;
    return out;
  } catch (err) {
    if (!(err instanceof TooLarge) || share < UNION_TRIAL) throw err;
    opts.budget.left -= share;
    return undefined;
  }
}

/** Whether a node would show nested fields (so the depth limit cuts it). */
function hasChildren(ctx: Ctx, s: Raw, look = 2): boolean {
  if (isObject(s.properties) && Object.keys(s.properties).length > 0) return true;
  if (isObject(s.additionalProperties)) return true;
  const nested: unknown[] = [...(unionOf(s)?.variants ?? []), ...(Array.isArray(s.allOf) ? s.allOf : []), ...(s.items !== undefined ? [s.items] : [])];
  if (look === 0) return nested.length > 0;
  return nested.some((n) => {
    if (!isObject(n)) return false;
    const flat = flattenSchema(ctx.doc, n, under(ctx, n));
    return flat.cycle === undefined && flat.missing === undefined && hasChildren({ ...ctx, stack: flat.stack, kids: flat.childStacks }, flat.schema, look - 1);
  });
}
