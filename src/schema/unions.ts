// Big unions of similar shapes (the analytics filters: one variant per field, each a union of operator
// shapes) collapse into groups of discriminator values that share the same shapes.
import { isObject, type Json, type JsonObject, type Raw } from '../json.js';
import { flattenSchema, refName, unionOf } from './flatten.js';

/** Below this many variants a union is shown as it is. */
const MIN_VARIANTS = 4;

/**
 * Makes each variant name its discriminator value when the spec only says so in the mapping
 * (or implicitly, by component name).
 */
export function injectDiscriminatorValues(disc: Raw, raw: unknown[], rendered: Json[]): void {
  const prop = disc.propertyName as string;
  const mapping = isObject(disc.mapping) ? (disc.mapping as Record<string, unknown>) : {};
  raw.forEach((variant, i) => {
    const shape = rendered[i];
    if (!isObject(variant) || typeof variant.$ref !== 'string' || !isObject(shape) || !isObject(shape.properties)) return;
    const target = shape.properties[prop];
    if (!isObject(target) || 'enum' in target || 'const' in target) return;
    const ref = variant.$ref;
    const keys = Object.entries(mapping).filter(([, v]) => v === ref).map(([k]) => k);
    shape.properties[prop] = { ...target, enum: keys.length > 0 ? keys : [refName(ref)] };
  });
}

function pinsOne(doc: unknown, p: unknown, stack: readonly string[]): boolean {
  if (!isObject(p)) return false;
  const s = flattenSchema(doc, p, stack).schema;
  return 'const' in s || (Array.isArray(s.enum) && s.enum.length === 1);
}

/** Properties a raw schema pins to one value (enum of one, or const), looking into its own union members. */
function pinnedNames(doc: unknown, node: unknown, stack: readonly string[]): Set<string> {
  if (!isObject(node)) return new Set();
  const flat = flattenSchema(doc, node, stack);
  if (flat.cycle || flat.missing) return new Set();
  const s = flat.schema;
  const props = Object.entries(isObject(s.properties) ? s.properties : {});
  const own = new Set(props.filter(([, p]) => pinsOne(doc, p, flat.stack)).map(([k]) => k));
  const members = unionOf(s)?.variants ?? [];
  if (members.length === 0) return own;
  const inner = members.map((m) => pinnedNames(doc, m, flat.stack));
  const common = [...inner[0]!].filter((k) => inner.every((set) => set.has(k)));
  return new Set([...own, ...common]);
}

/** Cheap test, on the raw members, of whether a union could fold into a summary. */
export function mayGroup(doc: unknown, variants: unknown[], stack: readonly string[], hint: string | undefined): boolean {
  if (variants.length < MIN_VARIANTS) return false;
  const sets = variants.map((v) => pinnedNames(doc, v, stack));
  if (hint !== undefined && sets.every((set) => set.has(hint))) return true;
  return [...sets[0]!].some((k) => sets.every((set) => set.has(k)));
}

/** One concrete object shape; a variant that is itself a union has several. */
function shapesOf(variant: Json): JsonObject[] | undefined {
  if (!isObject(variant)) return undefined;
  const { oneOf, anyOf, title: _t, description: _d, ...base } = variant;
  const alts = oneOf ?? anyOf;
  if (alts === undefined) return isObject(base.properties) ? [base] : undefined;
  if (!Array.isArray(alts) || !alts.every(isObject)) return undefined;
  return alts.map((alt) => {
    const { title: _at, description: _ad, ...rest } = alt as JsonObject;
    const merged: JsonObject = { ...base, ...rest };
    const props = { ...(isObject(base.properties) ? base.properties : {}), ...(isObject(rest.properties) ? rest.properties : {}) };
    if (Object.keys(props).length > 0) merged.properties = props;
    const req = [...new Set([...asStrings(base.required), ...asStrings(rest.required)])];
    if (req.length > 0) merged.required = req;
    return merged;
  });
}

function asStrings(x: Json | undefined): string[] {
  return Array.isArray(x) ? x.map(String) : [];
}

/** The single value a shape pins `prop` to (enum of one, or const). */
function pinned(shape: JsonObject, prop: string): Json | undefined {
  const p = isObject(shape.properties) ? shape.properties[prop] : undefined;
  if (!isObject(p)) return undefined;
  if ('const' in p) return p.const as Json;
  return Array.isArray(p.enum) && p.enum.length === 1 ? p.enum[0] : undefined;
}

function findDiscriminator(all: JsonObject[][], hint: string | undefined): string | undefined {
  const first = all[0]?.[0];
  if (!first || !isObject(first.properties)) return undefined;
  const candidates = hint ? [hint, ...Object.keys(first.properties)] : Object.keys(first.properties);
  return candidates.find((prop) =>
    all.every((shapes) => {
      const values = shapes.map((s) => pinned(s, prop));
      return values[0] !== undefined && values.every((v) => v === values[0]);
    }),
  );
}

function without(shape: JsonObject, prop: string): JsonObject {
  const out: JsonObject = { ...shape };
  if (isObject(shape.properties)) {
    const { [prop]: _gone, ...rest } = shape.properties;
    out.properties = rest;
  }
  const req = asStrings(shape.required).filter((r) => r !== prop);
  if (req.length > 0) out.required = req;
  else delete out.required;
  if (out.type === 'object') delete out.type;
  return out;
}

/** A field described the same way in every shape ("The type of filter to apply.") says nothing; drop it. */
function dropSharedDescriptions(shapes: JsonObject[]): void {
  const texts = new Map<string, Set<Json>>();
  for (const s of shapes) {
    for (const [name, p] of Object.entries(isObject(s.properties) ? s.properties : {})) {
      if (isObject(p) && p.description !== undefined) texts.set(name, (texts.get(name) ?? new Set()).add(p.description));
    }
  }
  for (const s of shapes) {
    if (!isObject(s.properties)) continue;
    for (const [name, p] of Object.entries(s.properties)) {
      if (isObject(p) && texts.get(name)?.size === 1) {
        const { description: _d, ...rest } = p;
        s.properties[name] = rest;
      }
    }
  }
}

/**
 * Summarizes a union whose variants all pin one property to a value, when some of them share their
 * other shapes. Returns undefined to leave the union as it is.
 */
export function summarizeUnion(variants: Json[], hint: string | undefined): JsonObject | undefined {
  if (variants.length < MIN_VARIANTS) return undefined;
  const all = variants.map(shapesOf);
  if (!all.every((s): s is JsonObject[] => s !== undefined && s.length > 0)) return undefined;
  const prop = findDiscriminator(all, hint);
  if (!prop) return undefined;
  const groups = new Map<string, { values: Json[]; shapes: JsonObject[] }>();
  for (const shapes of all) {
    const rest = shapes.map((s) => without(s, prop));
    // Pointers to cut nodes carry each member's index, so members cut short never look alike.
    const key = JSON.stringify(rest);
    const group = groups.get(key) ?? { values: [], shapes: rest };
    const value = pinned(shapes[0]!, prop) ?? null;
    if (!group.values.includes(value)) group.values.push(value);
    groups.set(key, group);
  }
  if (groups.size >= variants.length) return undefined;
  if (groups.size > 1) dropSharedDescriptions([...groups.values()].flatMap((g) => g.shapes));
  return {
    $union: `${variants.length} variants keyed by "${prop}": set "${prop}" to a value listed in a group's "when", then follow one of that group's shapes`,
    groups: [...groups.values()].map((g) => {
      const when: JsonObject = { [prop]: g.values };
      return g.shapes.length === 1 ? { when, ...g.shapes[0]! } : { when, oneOf: g.shapes };
    }),
  };
}
