// A component reused many times in one answer (a time range in each of four query kinds, fifty
// identical map entries) is shown once; later copies point back with { "$same": "<part>" }.
import { isObject, type Json, type JsonObject } from '../json.js';

/** Smaller nodes are cheaper to repeat than to point at. */
const MIN_CHARS = 200;

interface Shape {
  /** Equal ids mean structurally equal subtrees. */
  id: number;
  /** Approximate JSON length. */
  size: number;
}

/**
 * Gives every subtree an id such that equal subtrees share it, in one bottom-up pass
 * (hash-consing: a node's key is made of its children's ids, so the work stays linear).
 */
function shapes(root: Json): Map<object, Shape> {
  const ids = new Map<string, number>();
  const out = new Map<object, Shape>();
  const idOf = (key: string): number => {
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    return id;
  };
  const visit = (node: Json): Shape => {
    if (node === null || typeof node !== 'object') {
      const key = JSON.stringify(node);
      return { id: idOf(key), size: key.length };
    }
    const entries: [string, Json][] = Array.isArray(node) ? node.map((v) => ['', v]) : Object.entries(node);
    let size = 2;
    const parts: string[] = [];
    for (const [k, v] of entries) {
      const child = visit(v);
      size += child.size + k.length + 4;
      parts.push(`${k}:${child.id}`);
    }
    const shape = { id: idOf(`${Array.isArray(node) ? 'a' : 'o'}{${parts.join(',')}}`), size };
    out.set(node, shape);
    return shape;
  };
  visit(root);
  return out;
}

/** Replaces repeated subtrees of a rendered schema rooted at part path `at`. */
export function dedupeRepeats(root: Json, at: string): Json {
  const info = shapes(root);
  const seen = new Map<number, string>();
  const visit = (node: Json, path: string): Json => {
    if (!isObject(node)) return node;
    const shape = info.get(node);
    if (shape && shape.size >= MIN_CHARS) {
      const first = seen.get(shape.id);
      if (first !== undefined) return { $same: first };
      seen.set(shape.id, path);
    }
    // Only nodes whose part path is known are recorded or rewritten; a union summary's groups are left whole.
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'properties' && isObject(v)) {
        out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, visit(sub, `${path}.${name}`)]));
      } else if (k === 'items') {
        out[k] = visit(v, `${path}.items`);
      } else if (k === 'additionalProperties') {
        out[k] = visit(v, `${path}.${k}`);
      } else if ((k === 'oneOf' || k === 'anyOf') && Array.isArray(v)) {
        out[k] = v.map((sub, i) => visit(sub, `${path}.${k}[${i}]`));
      } else {
        out[k] = v;
      }
    }
    return out;
  };
  return visit(root, at);
}
