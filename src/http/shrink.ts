// Keeps answers small and always valid JSON: `fields` projection and cutting a body to a token budget.
import { dict, isObject, own } from '../json.js';
import type { Truncation } from './response.js';
import { estimateTokens, jsonTokens } from './tokens.js';

const LIST_KEYS = ['data', 'items', 'results', 'records'];

export interface ListRef {
  /** "" when the body itself is the list, else the top-level key holding it. */
  key: string;
  items: unknown[];
}

/** The body's main list: the body itself, `data`/`items`/`results`, or else its longest top-level array. */
export function findList(body: unknown): ListRef | undefined {
  if (Array.isArray(body)) return { key: '', items: body };
  if (!isObject(body)) return undefined;
  for (const key of LIST_KEYS) {
    const v = body[key];
    if (Array.isArray(v)) return { key, items: v };
  }
  let best: ListRef | undefined;
  for (const [key, v] of Object.entries(body)) {
    if (Array.isArray(v) && v.length > (best?.items.length ?? 0)) best = { key, items: v };
  }
  return best;
}

export function withList(body: unknown, ref: ListRef, items: unknown[]): unknown {
  return ref.key === '' ? items : { ...(body as Record<string, unknown>), [ref.key]: items };
}

type FieldTree = { [k: string]: FieldTree | true };

/** Keyed by the caller's field names, so every level has no prototype (`__proto__.x` stays a field name). */
export function fieldTree(fields: string[]): FieldTree {
  const tree = dict<FieldTree | true>();
  for (const field of fields) {
    const keys = field.split('.').filter(Boolean);
    let node = tree;
    for (const [i, k] of keys.entries()) {
      if (i === keys.length - 1) {
        node[k] = true;
        break;
      }
      const next = node[k];
      if (next === true) break; // a shorter path already keeps the whole value
      node = node[k] = next ?? dict<FieldTree | true>();
    }
  }
  return tree;
}

function projectValue(value: unknown, tree: FieldTree | true): unknown {
  if (tree === true) return value;
  if (Array.isArray(value)) return value.map((v) => projectValue(v, tree));
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(tree).filter(([k]) => Object.hasOwn(value, k)).map(([k, sub]) => [k, projectValue(value[k], sub)]));
}

function hasPath(value: unknown, keys: string[]): boolean {
  if (keys.length === 0) return true;
  if (Array.isArray(value)) return value.some((v) => hasPath(v, keys));
  return isObject(value) && Object.hasOwn(value, keys[0]!) && hasPath(own(value, keys[0]!), keys.slice(1));
}

/** Projects the list items (or the body, when it has no list) onto dot paths such as `id`, `config.host`. */
export function projectFields(body: unknown, fields: string[]): { body: unknown; missing: string[] } {
  const tree = fieldTree(fields);
  const ref = findList(body);
  const target = ref ? ref.items : body;
  const missing = fields.filter((f) => !hasPath(target, f.split('.').filter(Boolean)));
  if (ref) return { body: withList(body, ref, ref.items.map((item) => projectValue(item, tree))), missing };
  return { body: projectValue(body, tree), missing };
}

/** Shortens every string and array in the tree; the last resort when no single list explains the size. */
function clip(value: unknown, maxString: number, maxItems: number): unknown {
  if (typeof value === 'string') return value.length > maxString ? `${value.slice(0, maxString)}… (${value.length - maxString} more characters)` : value;
  if (Array.isArray(value)) return value.slice(0, maxItems).map((v) => clip(v, maxString, maxItems));
  if (isObject(value)) {
    const entries = Object.entries(value);
    const maxKeys = maxItems * 2 + 10;
    const kept = entries.slice(0, maxKeys).map(([k, v]) => [k, clip(v, maxString, maxItems)]);
    if (entries.length > maxKeys) kept.push(['…', `${entries.length - maxKeys} more keys`]);
    return Object.fromEntries(kept);
  }
  return value;
}

/** Tokens kept free for the answer's envelope: status, headers, pagination, notes. */
export const ENVELOPE_TOKENS = 600;

/**
 * Cuts a body to about `maxTokens` (as a GPT-4o-class tokenizer counts them) as valid JSON. The main list is
 * trimmed to the items that fit and the truncation says how many there were; failing that, long strings and
 * arrays are shortened everywhere.
 */
export function fitBudget(body: unknown, maxTokens: number): { body: unknown; truncated?: Truncation } {
  const budget = Math.max(maxTokens - ENVELOPE_TOKENS, 100);
  const total = jsonTokens(body);
  if (total <= budget) return { body };
  if (typeof body === 'string') {
    let keep = Math.floor((body.length * budget) / total);
    while (keep > 0 && estimateTokens(body.slice(0, keep)) > budget) keep = Math.floor(keep * 0.9);
    return {
      body: body.slice(0, keep),
      truncated: { path: '', total: body.length, returned: keep, hint: `The text (${body.length} characters) was cut to the first ${keep} to stay under ~${maxTokens} tokens.` },
    };
  }
  const ref = findList(body);
  if (ref && ref.items.length > 0) {
    const available = budget - jsonTokens(withList(body, ref, []));
    let used = 0;
    let count = 0;
    for (const item of ref.items) {
      used += jsonTokens(item) + 1;
      if (used > available) break;
      count++;
    }
    if (count > 0) {
      return {
        body: withList(body, ref, ref.items.slice(0, count)),
        truncated: {
          path: ref.key,
          total: ref.items.length,
          returned: count,
          hint: `Showing ${count} of ${ref.items.length} items to stay under ~${maxTokens} tokens. Continue with pagination.resume when given, or ask for less: fields (e.g. ["id","name"]), select, or a filter.`,
        },
      };
    }
  }
  for (let maxString = budget * 3, maxItems = 1_000; ; maxString = Math.floor(maxString / 2), maxItems = Math.floor(maxItems / 2)) {
    const clipped = clip(body, Math.max(maxString, 20), Math.max(maxItems, 1));
    const kept = jsonTokens(clipped);
    if (kept <= budget || (maxString <= 20 && maxItems <= 1)) {
      return {
        body: clipped,
        truncated: {
          path: '',
          total,
          returned: kept,
          hint: `The body (about ${total} tokens) was shortened to about ${kept} to stay under ~${maxTokens} tokens: long strings and arrays are cut. Use fields or select, or get_schema to ask for one part.`,
        },
      };
    }
  }
}
