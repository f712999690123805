// Cuts an already rendered schema down to a smaller depth, as if it had been rendered at that depth:
// fitting an answer to its size budget then costs one render instead of one per depth tried.
import { isObject, type Json, type JsonObject } from '../json.js';
import { firstSentence } from './flatten.js';
import { BIG_UNION, CUT_DESCRIPTION } from './render.js';

function hasChildren(node: JsonObject): boolean {
  if (isObject(node.properties) && Object.keys(node.properties).length > 0) return true;
  if (isObject(node.additionalProperties) || node.$union !== undefined) return true;
  if (isObject(node.items) && hasChildren(node.items)) return true;
  const union = node.oneOf ?? node.anyOf;
  return Array.isArray(union) && union.some((v) => isObject(v) && (hasChildren(v) || v.$more !== undefined));
}

function cutStub(node: JsonObject, at: string): JsonObject {
  const out: JsonObject = {};
  if (typeof node.title === 'string') out.title = node.title;
  const d = firstSentence(node.description, CUT_DESCRIPTION);
  if (d) out.description = d;
  if (typeof node.type === 'string') out.type = node.type;
  out.$more = at;
  return out;
}

/** Same depth rules as rendering: properties add a level, items do not, a long union adds one. */
export function pruneDepth(root: Json, maxDepth: number, at: string): Json {
  const visit = (node: Json, depth: number, path: string): Json => {
    if (!isObject(node) || node.$more !== undefined || node.$cycle !== undefined) return node;
    if (depth >= maxDepth && hasChildren(node)) return cutStub(node, path);
    // A union summary's groups have no part paths of their own: it is kept or cut whole.
    if (node.$union !== undefined) return node;
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'properties' && isObject(v)) {
        out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, visit(sub, depth + 1, `${path}.${name}`)]));
      } else if (k === 'items') {
        out[k] = visit(v, depth, path);
      } else if (k === 'additionalProperties' || k === 'not') {
        out[k] = visit(v, depth + 1, `${path}.${k}`);
      } else if ((k === 'oneOf' || k === 'anyOf') && Array.isArray(v)) {
        const level = v.length > BIG_UNION ? depth + 1 : depth;
        out[k] = v.map((sub, i) => visit(sub, level, `${path}.${k}[${i}]`));
      } else {
        out[k] = v;
      }
    }
    return out;
  };
  return visit(root, 0, at);
}
