// Re-ranking: how an operation's method, shape, API and summary fit what the query asks for.
import type { AnalyzedQuery } from './query.js';
import { pathWords, resourceWords, splitWords, lowercaseWords } from '../text/words.js';
import { stem } from '../text/stem.js';
import type { Operation } from '../catalog/types.js';
import type { Vocabulary } from './vocabulary.js';

/** Re-rank factors; tuned on the tuning sets (the public eval set, test/fixtures/search-extra and search-*-dev), never on the blind set. */
export const RANK = {
  intent: 1,
  shape: 0.3,
  defaultList: 0.2,
  analytics: 1.5,
  coverage: 0.3,
  coordination: 1,
  resource: 0.2,
  outOfScope: 0.8,
  unnamedParent: 0.85,
  otherProduct: 0.6,
  minTermWeight: 0.2,
  rerankDepth: 50,
  deprecated: 0.5,
  olderVersion: 0.6,
  /** How much a query term found only in an operation's docs evidence counts towards the terms it matched. */
  docsOnly: 0.3,
  /** Another product's entity of the same name and shape as a gateway entity, when the query names neither. */
  gatewayTwin: 0.8,
  /** A PUT on an item whose collection has a POST (an upsert, needing an id), when the query asks to create. */
  upsertOnCreate: 0.75,
  /** Per-request records over aggregates when the query asks for requests themselves ("the last 20 requests"). */
  requestRecords: 1.6,
} as const;

function isItemPath(path: string): boolean {
  return path.endsWith('}');
}

/** Facts about an operation derived from the whole catalog (its method, path and siblings), computed once. */
export interface OpShapes {
  /** Another product's operation with a same-named gateway (control-planes-config) twin: same method and shape. */
  twins: Set<Operation>;
  /** PUT on an item whose collection takes a POST: an upsert by id, next to a plain create. */
  upserts: Set<Operation>;
}

const GATEWAY_API = 'control-planes-config';
const shapesCache = new WeakMap<object, OpShapes>();

export function opShapes(ops: ReadonlyMap<string, Operation>): OpShapes {
  let shapes = shapesCache.get(ops);
  if (shapes) return shapes;
  const shapeKey = (op: Operation): string => `${op.method} ${isItemPath(op.path)} ${lowercaseWords(resourceWords(op.path)).map(stem).join(' ')}`;
  const gateway = new Set<string>();
  const posts = new Set<string>();
  for (const op of ops.values()) {
    if (op.api === GATEWAY_API) gateway.add(shapeKey(op));
    if (op.method === 'POST') posts.add(`${op.apiKey} ${op.path}`);
  }
  shapes = { twins: new Set(), upserts: new Set() };
  for (const op of ops.values()) {
    if (op.api !== GATEWAY_API && gateway.has(shapeKey(op))) shapes.twins.add(op);
    if (op.method === 'PUT' && isItemPath(op.path) && posts.has(`${op.apiKey} ${op.path.slice(0, op.path.lastIndexOf('/'))}`)) shapes.upserts.add(op);
  }
  shapesCache.set(ops, shapes);
  return shapes;
}

/** The query names the other product: a word of its API's slug or of the entity the operation sits under. */
function namesProduct(op: Operation, q: AnalyzedQuery): boolean {
  const words = [...lowercaseWords(splitWords(op.api)), ...lowercaseWords(pathWords(op.path.split('/{')[0] ?? ''))].map(stem);
  const own = new Set(lowercaseWords(resourceWords(op.path)).map(stem));
  return words.some((w) => !own.has(w) && q.terms.some((t) => t.term === w));
}

/** Multiplier from the query's intent, analytics signal and the operation's status. */
export function rankFactor(op: Operation, q: AnalyzedQuery, vocab: Vocabulary, shapes?: OpShapes): number {
  let f = 1;
  if (shapes?.twins.has(op) && !namesProduct(op, q)) f *= RANK.gatewayTwin;
  if (shapes?.upserts.has(op) && (!q.intent || q.intent.name === 'create')) f *= RANK.upsertOnCreate;
  if (q.records && op.api === vocab.requestRecordsApi) f *= RANK.requestRecords;
  const item = isItemPath(op.path);
  if (q.intent) {
    const m = q.intent.methods[op.method] ?? 0;
    f *= 1 + RANK.intent * m;
    // "get audit log destinations" asks for a collection even though "get" usually means one item.
    const shape = q.intent.shape === 'number' || (q.intent.shape === 'item' && q.plural) ? (q.plural ? 'collection' : 'item') : q.intent.shape;
    if (m > 0 && shape) f *= (shape === 'item') === item ? 1 + RANK.shape : 1;
  } else if (op.method === 'GET' && !item) {
    f *= 1 + RANK.defaultList;
  }
  // Squared, so that time words alone ("last month") nudge while "5xx" or "latency" route. Questions only:
  // "create a meter that counts API calls" is not about traffic.
  const asks = !q.intent || q.intent.methods.GET !== undefined;
  if (asks && q.analytics > 0 && vocab.analyticsApis.has(op.api)) f *= 1 + RANK.analytics * q.analytics ** 2;
  if (q.outOfScope.has(op.api)) f *= RANK.outOfScope;
  if (q.inScope.size > 0 && !q.inScope.has(op.api)) f *= RANK.otherProduct;
  if (!mentionsParent(op, q)) f *= RANK.unnamedParent;
  if (op.deprecated) f *= RANK.deprecated;
  if (!op.latest) f *= RANK.olderVersion;
  return f;
}

const parentStems = new WeakMap<Operation, string[]>();

/**
 * The entity an operation is nested under, below the path's first scope ("/portals/{p}/teams/{t}/developers" ->
 * teams; "/control-planes/{cp}/core-entities/keys" has none).
 */
export function parentWords(path: string): string[] {
  const segments = path.split('/').filter((s) => s !== '');
  const params = segments.flatMap((s, i) => (s.startsWith('{') ? [i] : []));
  // The parent's id is the last parameter that more path follows, unless it is the path's first scope.
  const scoped = params.filter((i) => i < segments.length - 1);
  const parentId = scoped.length >= 2 ? scoped.at(-1)! : undefined;
  return parentId === undefined ? [] : lowercaseWords(pathWords(segments[parentId - 1] ?? '')).map(stem);
}

/** False when the operation sits under a parent entity the query never names ("list keys" vs keys of a key set). */
function mentionsParent(op: Operation, q: AnalyzedQuery): boolean {
  let words = parentStems.get(op);
  if (!words) {
    words = parentWords(op.path);
    parentStems.set(op, words);
  }
  return words.length === 0 || words.every((w) => q.terms.some((t) => t.term === w));
}

const summaryWords = new WeakMap<Operation, string[]>();
const resourceStems = new WeakMap<Operation, string[]>();

function coverage(words: string[], terms: ReadonlySet<string>): number {
  return words.length === 0 ? 1 : words.filter((w) => terms.has(w)).length / words.length;
}

/** Share of the summary's meaningful words the query covers: "Delete System Account" beats "... From Team". */
export function summaryCoverage(op: Operation, q: AnalyzedQuery, vocab: Vocabulary): number {
  let words = summaryWords.get(op);
  if (!words) {
    // The leading verb echoes the method ("Delete ...") and is left to the intent; so are hints such as "new".
    const all = lowercaseWords(splitWords(op.summary)).map(stem);
    const rest = all[0] !== undefined && vocab.verbs.has(all[0]) ? all.slice(1) : all;
    words = [...new Set(rest)].filter((w) => !vocab.stop.has(w) && !vocab.hints.has(w) && (vocab.weights.get(w) ?? 1) >= 0.5);
    summaryWords.set(op, words);
  }
  return coverage(words, new Set(q.terms.map((t) => t.term)));
}

/** Share of the resource's words that name what the query asks for: "a key in a key set" acts on keys. */
export function resourceCoverage(op: Operation, q: AnalyzedQuery): number {
  let words = resourceStems.get(op);
  if (!words) {
    words = [...new Set(lowercaseWords(resourceWords(op.path)).map(stem))];
    resourceStems.set(op, words);
  }
  return coverage(words, q.target);
}

