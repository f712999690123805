// Walks a dot path ("filters.value", "oneOf[1].config", "additionalProperties") through raw schemas.
// Array items and union variants are stepped through implicitly, so "requestBody.filters" works even
// when the body is a union of objects that each have filters.
import { isObject } from '../json.js';
import { flattenSchema, unionOf } from './flatten.js';

const VARIANT = /^(oneOf|anyOf)\[(\d+)\]$/;
/** How far implicit steps (items, variants) may go looking for a name. */
const IMPLICIT_LIMIT = 4;

export interface StepResult {
  /** Raw schema nodes the path leads to (several when union variants each have the field). */
  nodes: unknown[];
  /** Field names available where the path stopped matching, for the error message. */
  available: string[];
}

/** Follows `segments` from `root`; returns every node reached. */
export function navigate(doc: unknown, root: unknown, segments: string[]): StepResult {
  let nodes = [root];
  for (const seg of segments) {
    const next: unknown[] = [];
    for (const n of nodes) next.push(...step(doc, n, seg, IMPLICIT_LIMIT));
    if (next.length === 0) return { nodes: [], available: [...new Set(nodes.flatMap((n) => fieldNames(doc, n, IMPLICIT_LIMIT)))] };
    nodes = dedupe(next);
  }
  return { nodes, available: [] };
}

/** The child `seg` names on this very node, if it has one. */
function direct(s: Record<string, unknown>, seg: string): unknown[] | undefined {
  const variant = VARIANT.exec(seg);
  if (variant) {
    const union = unionOf(s);
    const picked = union && union.kind === variant[1] ? union.variants[Number(variant[2])] : undefined;
    return picked === undefined ? undefined : [picked];
  }
  if (seg === 'items' && s.items !== undefined) return [s.items];
  if ((seg === 'additionalProperties' || seg === 'not') && isObject(s[seg])) return [s[seg]];
  if (isObject(s.properties) && Object.hasOwn(s.properties, seg)) return [s.properties[seg]];
  return undefined;
}

function step(doc: unknown, node: unknown, seg: string, implicit: number): unknown[] {
  if (!isObject(node)) return [];
  const flat = flattenSchema(doc, node, []);
  if (flat.missing) return [];
  const s = flat.schema;
  const found = direct(s, seg);
  if (found) return found;
  if (implicit === 0) return [];
  // An array is looked through to its items; a union (unless a member was named) to its members.
  const inner = [...(s.items !== undefined ? [s.items] : []), ...(VARIANT.test(seg) ? [] : (unionOf(s)?.variants ?? []))];
  return inner.flatMap((n) => step(doc, n, seg, implicit - 1));
}

function fieldNames(doc: unknown, node: unknown, implicit: number): string[] {
  if (!isObject(node)) return [];
  const s = flattenSchema(doc, node, []).schema;
  const own = isObject(s.properties) ? Object.keys(s.properties) : [];
  if (implicit === 0) return own;
  const inner = [...(s.items !== undefined ? [s.items] : []), ...(unionOf(s)?.variants ?? [])];
  return [...own, ...inner.flatMap((n) => fieldNames(doc, n, implicit - 1))];
}

function dedupe(nodes: unknown[]): unknown[] {
  const seen = new Set<unknown>();
  return nodes.filter((n) => {
    const key = isObject(n) && typeof n.$ref === 'string' && Object.keys(n).length === 1 ? n.$ref : n;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
