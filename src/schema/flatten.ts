// Shared by rendering and part navigation: follow $refs and merge allOf into one plain schema,
// remembering which refs were passed so that true cycles can be told from reuse.
import { resolvePointer, stripMarkdown } from '../catalog/extract.js';
import { dict, isObject, type Raw } from '../json.js';

/** Resolved refs per document: resolving a pointer decodes every segment, and the same refs recur constantly. */
const resolved = new WeakMap<object, Map<string, unknown>>();

export function resolveRef(doc: unknown, ref: string): unknown {
  if (!isObject(doc)) return resolvePointer(doc, ref);
  let cache = resolved.get(doc);
  if (!cache) {
    cache = new Map();
    resolved.set(doc, cache);
  }
  if (cache.has(ref)) return cache.get(ref);
  const target = resolvePointer(doc, ref);
  cache.set(ref, target);
  return target;
}

/** First sentences already computed; descriptions repeat a lot across a spec. Cleared when large. */
const sentences = new Map<string, string | undefined>();
const SENTENCE_CACHE = 20_000;

export function refName(ref: string): string {
  return ref.split('/').pop() ?? ref;
}

/** First sentence of a description, as plain text, cut to `max` characters. */
export function firstSentence(text: unknown, max = 160): string | undefined {
  if (typeof text !== 'string') return undefined;
  const key = `${max}:${text}`;
  if (sentences.has(key)) return sentences.get(key);
  if (sentences.size > SENTENCE_CACHE) sentences.clear();
  const s = sentenceOf(text, max);
  sentences.set(key, s);
  return s;
}

/** Abbreviations whose dot does not end a sentence. */
const ABBREVIATION = /\b(i\.e|e\.g|etc|vs|cf|approx|incl|ex|no)\.$/i;

/** Index just past the first sentence's closing punctuation, or the text's length. */
function sentenceEnd(text: string): number {
  const end = /[.!?](?=\s|$)/g;
  for (let m = end.exec(text); m; m = end.exec(text)) {
    if (!ABBREVIATION.test(text.slice(0, m.index + 1))) return m.index + 1;
  }
  return text.length;
}

function sentenceOf(text: string, max: number): string | undefined {
  // Only the start can hold the first sentence; stripping a whole long description is wasted work.
  const plain = stripMarkdown(text.length > max * 4 ? text.slice(0, max * 4) : text);
  if (!plain) return undefined;
  const s = plain.slice(0, sentenceEnd(plain));
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export interface Flat {
  /** The schema with $ref followed and allOf merged; oneOf/anyOf kept. */
  schema: Raw;
  /** Refs on the path to this node, including those it was reached through. */
  stack: readonly string[];
  /** Set when the node is a $ref back into the current path (a true cycle). */
  cycle?: string;
  /** Set when a $ref points nowhere. */
  missing?: string;
  /** After an allOf merge: the path of refs for each child, from the part it came from. */
  childStacks?: Map<unknown, readonly string[]>;
}

const UNION_KEYS = ['oneOf', 'anyOf'] as const;

/** Follows $ref (siblings such as description override the target) and merges allOf. */
export function flattenSchema(doc: unknown, node: Raw, stack: readonly string[]): Flat {
  let cur = node;
  let path = stack;
  for (let hops = 0; typeof cur.$ref === 'string'; hops++) {
    const ref = cur.$ref;
    if (path.includes(ref) || hops > 20) return { schema: cur, stack: path, cycle: refName(ref) };
    const target = resolveRef(doc, ref);
    if (!isObject(target)) return { schema: cur, stack: path, missing: ref };
    path = [...path, ref];
    const { $ref: _ref, ...siblings } = cur;
    cur = Object.keys(siblings).length > 0 ? { ...target, ...siblings } : target;
  }
  if (!Array.isArray(cur.allOf)) return { schema: cur, stack: path };
  return mergeAllOf(doc, cur, path);
}

function mergeAllOf(doc: unknown, node: Raw, stack: readonly string[]): Flat {
  const { allOf, ...own } = node;
  // Both are keyed by a (possibly user) spec's keys, which may be "__proto__" or "constructor".
  const acc: Raw = dict();
  const props: Raw = dict();
  const required = new Set<string>();
  const residual: Raw[] = [];
  const cycles: string[] = [];
  // Each child keeps the refs of the part it came from: a component merged in beside a field
  // that points to it is reuse, not a cycle.
  const childStacks = new Map<unknown, readonly string[]>();
  const keep = <T>(child: T, from: Flat): T => {
    childStacks.set(child, from.childStacks?.get(child) ?? from.stack);
    return child;
  };
  const absorb = (part: Raw, from: Flat): void => {
    for (const [k, v] of Object.entries(part)) {
      if (k === 'properties' && isObject(v)) {
        for (const [name, sub] of Object.entries(v)) {
          const prev = props[name];
          if (prev === undefined) props[name] = keep(sub, from);
          else {
            const both = { allOf: [prev, sub] };
            childStacks.set(both, union(childStacks.get(prev) ?? stack, from.childStacks?.get(sub) ?? from.stack));
            props[name] = both;
          }
        }
      } else if (k === 'required' && Array.isArray(v)) {
        for (const r of v) required.add(String(r));
      } else if ((k === 'oneOf' || k === 'anyOf') && Array.isArray(v)) {
        v.forEach((m) => keep(m, from));
        // Two unions cannot share one key; the second stays as an allOf member (never seen in Konnect's specs).
        if (UNION_KEYS.some((u) => u in acc)) residual.push(keep({ [k]: v }, from));
        else acc[k] = v;
      } else if (k === 'allOf' && Array.isArray(v)) {
        residual.push(...v.filter(isObject).map((m) => keep(m, from)));
      } else if (!(k in acc)) {
        acc[k] = isObject(v) ? keep(v, from) : v;
      }
    }
  };
  for (const part of (allOf as unknown[]).filter(isObject)) {
    const flat = flattenSchema(doc, part, stack);
    if (flat.cycle) cycles.push(flat.cycle);
    else absorb(flat.schema, flat);
  }
  // The node's own keys win over its parts (e.g. a description next to allOf).
  const self: Flat = { schema: own, stack };
  for (const [k, v] of Object.entries(own)) {
    if (k === 'properties' || k === 'required' || k === 'oneOf' || k === 'anyOf') absorb({ [k]: v }, self);
    else acc[k] = isObject(v) ? keep(v, self) : v;
  }
  if (Object.keys(props).length > 0) acc.properties = props;
  if (required.size > 0) acc.required = [...required];
  if (residual.length > 0) acc.allOf = residual;
  if (cycles.length > 0) acc.$cycle = cycles[0];
  return { schema: acc, stack, childStacks };
}

function union(a: readonly string[], b: readonly string[]): readonly string[] {
  return [...new Set([...a, ...b])];
}

/** The refs on the path to `child` of a flattened node. */
export function stackOf(flat: Flat, child: unknown): readonly string[] {
  return flat.childStacks?.get(child) ?? flat.stack;
}

/** An object behind any $refs, allOf merged (a response, a request body, an example); undefined if it cycles or is missing. */
export function resolveMerged<T>(doc: unknown, x: unknown): T | undefined {
  if (!isObject(x)) return undefined;
  const flat = flattenSchema(doc, x, []);
  return flat.cycle || flat.missing ? undefined : (flat.schema as T);
}

/** The union members of a flattened schema, if any. */
export function unionOf(schema: Raw): { kind: 'oneOf' | 'anyOf'; variants: unknown[] } | undefined {
  for (const kind of UNION_KEYS) {
    const v = schema[kind];
    if (Array.isArray(v)) return { kind, variants: v };
  }
  return undefined;
}
