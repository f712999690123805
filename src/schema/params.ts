// Parameters as a caller writes them: spec names kept (page[size]); a deepObject is listed in its
// wire form (filter[name][contains]) because that is what goes on the query string.
import type { OpenAPIV3 } from 'openapi-types';
import { isObject, type Json, type Raw } from '../json.js';
import { firstSentence, flattenSchema, stackOf, unionOf } from './flatten.js';

export interface ParamView {
  name: string;
  required: boolean;
  description?: string;
  style?: string;
  explode?: boolean;
  /** deepObject only: every query key it can produce, with its type. */
  wire?: Record<string, string>;
  schema: Json;
}

const WIRE_MAX = 60;
const WIRE_DEPTH = 4;
const LABEL_ENUM = 8;

/** Schema of a parameter, whether given directly or through `content`. */
export function paramSchema(p: OpenAPIV3.ParameterObject): unknown {
  if (p.schema) return p.schema;
  const media = Object.values(p.content ?? {})[0];
  return media?.schema ?? {};
}

export function paramView(p: OpenAPIV3.ParameterObject, schema: Json, wire: Record<string, string> | undefined): ParamView {
  const view: ParamView = { name: p.name, required: p.required === true, schema };
  const d = firstSentence(p.description);
  if (d) view.description = d;
  if (p.style) view.style = p.style;
  if (p.explode !== undefined) view.explode = p.explode;
  if (wire) {
    view.wire = wire;
    // Keep key order readable: name, flags, wire, then the cut schema pointer.
    const { schema: s, ...rest } = view;
    return { ...rest, schema: s };
  }
  return view;
}

/** Short type label for a wire key: "string", "string(date-time)", "a|b|c", "integer[]". */
export function typeLabel(s: Raw, items?: Raw): string {
  if (Array.isArray(s.enum)) {
    const shown = s.enum.slice(0, LABEL_ENUM).map(String).join('|');
    return s.enum.length > LABEL_ENUM ? `${shown}|…` : shown;
  }
  if (s.type === 'array') return `${items ? typeLabel(items) : 'string'}[]`;
  const base = typeof s.type === 'string' ? s.type : 'string';
  return typeof s.format === 'string' ? `${base}(${s.format})` : base;
}

/** Every query key a deepObject parameter can produce, e.g. { "filter[name][eq]": "string" }. */
export function wireForm(doc: unknown, name: string, schema: unknown): { keys: Record<string, string>; more: number } {
  const keys = new Map<string, Set<string>>();
  let more = 0;
  const add = (key: string, label: string): void => {
    const set = keys.get(key);
    if (set) set.add(label);
    else if (keys.size < WIRE_MAX) keys.set(key, new Set([label]));
    else more++;
  };
  const walk = (node: unknown, key: string, stack: readonly string[], depth: number): void => {
    if (!isObject(node)) return add(key, 'string');
    const flat = flattenSchema(doc, node, stack);
    if (flat.cycle || flat.missing) return add(key, 'object');
    const s = flat.schema;
    const union = unionOf(s);
    const props = isObject(s.properties) ? Object.entries(s.properties) : [];
    if (union) for (const v of union.variants) walk(v, key, stackOf(flat, v), depth);
    if (depth >= WIRE_DEPTH) return add(key, 'object');
    for (const [prop, sub] of props) walk(sub, `${key}[${prop}]`, stackOf(flat, sub), depth + 1);
    if (props.length === 0 && (isObject(s.additionalProperties) || s.additionalProperties === true)) {
      walk(s.additionalProperties === true ? {} : s.additionalProperties, `${key}[<key>]`, stackOf(flat, s.additionalProperties), depth + 1);
    }
    if (!union && props.length === 0 && !(s.additionalProperties === true || isObject(s.additionalProperties))) {
      const items = isObject(s.items) ? flattenSchema(doc, s.items, flat.stack).schema : undefined;
      add(key, typeLabel(s, items));
    }
  };
  walk(schema, name, [], 0);
  const out: Record<string, string> = {};
  for (const [k, labels] of keys) out[k] = [...labels].join(' | ');
  return { keys: out, more };
}
