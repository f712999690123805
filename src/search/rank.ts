// Re-ranking: how an operation's method, shape, API and summary fit what the query asks for.
import { asksToSee, QUANTIFIERS, type AnalyzedQuery } from './query.js';
import { pathWords, resourceWords, splitWords, lowercaseWords } from '../text/words.js';
import { stem, withoutFinalS } from '../text/stem.js';
import type { Operation } from '../catalog/types.js';
import { isSpecificVerb, phraseEntry, type Intent, type Vocabulary } from './vocabulary.js';
import type { ProductReading } from './products.js';
import { takesLiteral } from './literals.js';

/** Re-rank factors; tuned on the tuning sets (the public eval set, test/fixtures/search-extra and search-*-dev), never on the blind set. */
export const RANK = {
  intent: 1,
  shape: 0.3,
  defaultList: 0.2,
  /** Operations that change something, for a plural noun phrase with no verb ("dp nodes connected"). */
  pluralChange: 0.9,
  /** Operations that change something, when the query asks to act with a verb the vocabulary does not know. */
  act: 0.5,
  analytics: 1.5,
  coverage: 0.3,
  coordination: 1,
  resource: 0.2,
  outOfScope: 0.8,
  unnamedParent: 0.85,
  otherProduct: 0.6,
  /** A legacy API (its title says so), when the query does not name it. */
  legacy: 0.5,
  /** The organization's own APIs (served on the global host), when the query says "konnect". */
  organization: 0.3,
  /** An API called as a customer domain's user (the dev portal's developer), when the query does not speak as one. */
  outsider: 0.7,
  minTermWeight: 0.2,
  rerankDepth: 50,
  deprecated: 0.5,
  olderVersion: 0.6,
  /** How much a query term found only in an operation's docs evidence counts towards the terms it matched. */
  docsOnly: 0.3,
  /** Another product's entity of the same name and shape as a gateway entity, when the query names neither. */
  gatewayTwin: 0.8,
  /**
   * How much a method that fits the intent counts when the operation's summary opens with a specific verb of another
   * intent ("Validate API Specification" for "upload a spec", a POST either way).
   */
  otherVerb: 0.7,
  /** A PUT on an item whose collection has a POST (an upsert, needing an id), when the query asks to create. */
  upsertOnCreate: 0.75,
  /** Per-request records over aggregates when the query asks for requests themselves ("the last 20 requests"). */
  requestRecords: 1.6,
  /** Per unit of rarity of an operation's own name words the query lacks, against a near-equal rival's (nameFitFactors). */
  nameMissing: 0.75,
  /**
   * The operation acts on what the query names only as a modifier of what it asks for ("developer applications" ->
   * /applications/{id}/developers), when its API has the asked-for kind too (headFactor).
   */
  modifierHead: 0.6,
  /** An operation on all of a collection at once ("remove all consumers from a group"), when the query says all. */
  bulk: 0.4,
  /** The same, when the query does not. */
  bulkUnasked: 0.8,
  /** An operation under one parent the query asks across all of ("basic-auth credentials across all consumers"). */
  quantifiedParent: 0.6,
  /** An operation that checks a thing's state (status, verify, validate), for a yes/no question about it. */
  state: 1,
  /** The same, for a query that neither asks a yes/no question nor names a state word. */
  stateUnasked: 0.8,
  /** The caller's own user, organization or account (a path ending in /me), when the query speaks of "I" or "my". */
  self: 0.5,
  /** An operation that takes a value of a kind the query types as it is (a URL, host, IP, CIDR, email). */
  literal: 3,
  /** Candidates within this share of the best of their method and shape compete on how their names fit. */
  nearEqual: 0.9,
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
  /** How rare each name word is in the catalog (nameWords), 0 (on every operation) to 1 (on one). */
  rarity: Map<string, number>;
  /** GETs on a singular path without a trailing id that a PUT or PATCH changes: one thing ("/ip-allow-list"), not a collection. */
  singletons: Set<Operation>;
}

const GATEWAY_API = 'control-planes-config';
const shapesCache = new WeakMap<object, OpShapes>();

export function opShapes(ops: ReadonlyMap<string, Operation>): OpShapes {
  let shapes = shapesCache.get(ops);
  if (shapes) return shapes;
  const shapeKey = (op: Operation): string => `${op.method} ${isItemPath(op.path)} ${lowercaseWords(resourceWords(op.path)).map(stem).join(' ')}`;
  const gateway = new Set<string>();
  const posts = new Set<string>();
  const replaced = new Set<string>();
  for (const op of ops.values()) {
    if (op.api === GATEWAY_API) gateway.add(shapeKey(op));
    if (op.method === 'POST') posts.add(`${op.apiKey} ${op.path}`);
    if ((op.method === 'PUT' || op.method === 'PATCH') && !isItemPath(op.path)) replaced.add(`${op.apiKey} ${op.path}`);
  }
  const df = new Map<string, number>();
  for (const op of ops.values()) for (const w of nameWords(op)) df.set(w, (df.get(w) ?? 0) + 1);
  const n = Math.max(2, ops.size);
  const rarity = new Map([...df].map(([w, c]) => [w, Math.log(n / c) / Math.log(n)]));
  shapes = { twins: new Set(), upserts: new Set(), rarity, singletons: new Set() };
  for (const op of ops.values()) {
    if (op.api !== GATEWAY_API && gateway.has(shapeKey(op))) shapes.twins.add(op);
    // A plural path a PUT replaces is still a set of things ("/group-memberships").
    if (op.method === 'GET' && replaced.has(`${op.apiKey} ${op.path}`) && !/s$/i.test(op.path)) shapes.singletons.add(op);
    if (op.method === 'PUT' && isItemPath(op.path) && posts.has(`${op.apiKey} ${op.path.slice(0, op.path.lastIndexOf('/'))}`)) shapes.upserts.add(op);
  }
  shapesCache.set(ops, shapes);
  return shapes;
}

/** The query names the other product: a word of its API's slug or of the entity the operation sits under. */
function namesProduct(op: Operation, q: AnalyzedQuery): boolean {
  return productNames(op).some((w) => q.termSet.has(w));
}

/** Words of an operation's API slug and of the entity it sits under, its own resource's words aside. */
const productNames = perOperation((op) => {
  const words = [...lowercaseWords(splitWords(op.api)), ...lowercaseWords(pathWords(op.path.split('/{')[0] ?? ''))].map(stem);
  const own = new Set(lowercaseWords(resourceWords(op.path)).map(stem));
  return words.filter((w) => !own.has(w));
});

/** Multiplier from how the method fits, whether the product is the one meant, sibling choice and the status. */
export function rankFactor(op: Operation, q: AnalyzedQuery, vocab: Vocabulary, shapes?: OpShapes, products?: ProductReading): number {
  return rankFactors(q, vocab, shapes, products)(op);
}

/** rankFactor for one query's candidates: what depends only on an operation's API is worked out once per API. */
export function rankFactors(q: AnalyzedQuery, vocab: Vocabulary, shapes?: OpShapes, products?: ProductReading): (op: Operation) => number {
  const byApi = new Map<string, number[]>();
  return (op) => {
    const facts = factsOf(op, vocab);
    let ofApi = byApi.get(op.api);
    if (!ofApi) byApi.set(op.api, (ofApi = apiFactors(op.api, q, vocab, products)));
    let f = methodFactor(op, q, facts, shapes) * productFactor(op, q, ofApi, shapes) * siblingFactor(op, q, facts);
    if (takesLiteral(op.literals, q.literals)) f *= 1 + RANK.literal;
    if (op.deprecated) f *= RANK.deprecated;
    if (!op.latest) f *= RANK.olderVersion;
    return f;
  };
}

/** How the operation's method and shape (one item or a collection) fit what the query asks to do. */
function methodFactor(op: Operation, q: AnalyzedQuery, facts: OpFacts, shapes?: OpShapes): number {
  let f = 1;
  if (shapes?.upserts.has(op) && (!q.intent || q.intent.name === 'create')) f *= RANK.upsertOnCreate;
  const item = facts.itemPath || (shapes?.singletons.has(op) ?? false);
  if (q.intent) {
    let m = q.intent.methods[op.method] ?? 0;
    // A method that only loosely fits the intent ("remove" and POST) fits fully when the operation's own verb is the
    // query's ("Remove Control Plane Group Members"), and not at all when it creates and the query asks to delete.
    // "Validate API Specification" is a POST, but not what "upload a spec" asks for: its own verb names another job.
    const own = m > 0 ? facts.own : undefined;
    if (m > 0 && m < 1) {
      if (own?.name === q.intent.name) m = 1;
      else if (own?.name === 'create' && q.intent.name === 'delete') m = 0;
    } else if (own && own.name !== q.intent.name && isSpecificVerb(own)) m = RANK.otherVerb;
    f *= 1 + RANK.intent * m;
    // "get audit log destinations" asks for a collection even though "get" usually means one item.
    const shape = q.intent.shape === 'number' || (q.intent.shape === 'item' && q.plural) ? (q.plural ? 'collection' : 'item') : q.intent.shape;
    if (m > 0 && shape) f *= (shape === 'item') === item ? 1 + RANK.shape : 1;
  } else if (op.method === 'GET' && !item && !q.act) {
    f *= 1 + RANK.defaultList;
  } else if (op.method !== 'GET' && !q.act && q.plural) {
    // "dp nodes connected": a plural noun phrase asks to see them, not to change one.
    f *= RANK.pluralChange;
  }
  return f;
}

/** Whether the operation's API (product) is the one the query is about: gateway twins, then its API's factors. */
function productFactor(op: Operation, q: AnalyzedQuery, ofApi: readonly number[], shapes?: OpShapes): number {
  let f = 1;
  if (shapes?.twins.has(op) && !namesProduct(op, q)) f *= RANK.gatewayTwin;
  for (const x of ofApi) f *= x;
  return f;
}

/** The factors, in order, that say whether an API is the product the query is about: records, analytics, scopes, hosts. */
function apiFactors(api: string, q: AnalyzedQuery, vocab: Vocabulary, products?: ProductReading): number[] {
  const f: number[] = [];
  if (q.records && api === vocab.requestRecordsApi) f.push(RANK.requestRecords);
  // Squared, so that time words alone ("last month") nudge while "5xx" or "latency" route.
  const asks = asksToSee(q.intent);
  // "which services fail the production readiness scorecard?" names another product than traffic numbers.
  const elsewhere = products !== undefined && products.named.size > 0 && !products.named.has(api);
  if (asks && q.analytics > 0 && vocab.analyticsApis.has(api) && !elsewhere) f.push(1 + RANK.analytics * q.analytics ** 2);
  if (q.outOfScope.has(api)) f.push(RANK.outOfScope);
  if (q.inScope.size > 0 && !q.inScope.has(api)) f.push(RANK.otherProduct);
  if (products?.legacyUnnamed(api)) f.push(RANK.legacy);
  if (products?.organization(api)) f.push(1 + RANK.organization);
  if (products?.outsider(api)) f.push(RANK.outsider);
  return f;
}

/** Among one API's operations on the same thing: its parent, all of it at once, its state, the caller's own. */
function siblingFactor(op: Operation, q: AnalyzedQuery, facts: OpFacts): number {
  let f = 1;
  if (!mentionsParent(op, q, facts.parent)) f *= RANK.unnamedParent;
  else if (underQuantified(q, facts.parent)) f *= RANK.quantifiedParent;
  const kind = facts.kind;
  if (kind.bulk) f *= asksAll(op, q) ? 1 + RANK.bulk : RANK.bulkUnasked;
  if (kind.state) {
    if (q.state) f *= 1 + RANK.state;
    else if (![...STATE_STEMS].some((w) => q.termSet.has(w))) f *= RANK.stateUnasked;
  }
  if (q.self && facts.me) f *= 1 + RANK.self;
  return f;
}

/** `of`, computed once per operation: what an operation's own name and path say does not change. */
function perOperation<T>(of: (op: Operation) => T): (op: Operation) => T {
  // Boxed, so that one lookup tells a cached undefined from none: this runs on every candidate of every query.
  const cache = new WeakMap<Operation, { value: T }>();
  return (op) => {
    let box = cache.get(op);
    if (!box) cache.set(op, (box = { value: of(op) }));
    return box.value;
  };
}

/** `of`, computed once per vocabulary and operation: which of its words count depends on the vocabulary's verbs and stop words. */
function perVocabulary<T>(of: (op: Operation, vocab: Vocabulary) => T): (op: Operation, vocab: Vocabulary) => T {
  const caches = new WeakMap<Vocabulary, (op: Operation) => T>();
  return (op, vocab) => {
    let cached = caches.get(vocab);
    if (!cached) caches.set(vocab, (cached = perOperation((o) => of(o, vocab))));
    return cached(op);
  };
}

/** What rankFactor reads of an operation's own name and path: once per vocabulary and operation, not per query. */
interface OpFacts {
  /** The path ends in an id: one item. */
  itemPath: boolean;
  /** The intent its summary opens with ("Create Private DNS" -> create), if the vocabulary reads one. */
  own: Intent | undefined;
  /** The entity it is nested under (parentWords). */
  parent: string[];
  kind: Kind;
  /** The path ends in /me: the caller's own. */
  me: boolean;
}

const factsOf = perVocabulary((op, vocab): OpFacts => {
  const word = lowercaseWords(splitWords(op.summary))[0] ?? '';
  return { itemPath: isItemPath(op.path), own: phraseEntry(vocab, [word], [stem(word)])?.intent, parent: parentWords(op.path), kind: kindOf(op), me: op.path.endsWith('/me') };
});

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

/** False when the operation sits under a parent entity (`words`) the query never names ("list keys" vs keys of a key set). */
function mentionsParent(op: Operation, q: AnalyzedQuery, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  // "application registrations" names applications only as a kind of registration, not one application; unless
  // the word names the resource itself ("consumer groups" under /consumers/{id}/consumer_groups).
  const own = resourceWordStems(op);
  if (words.every((w) => q.head.modifiers.has(w) && !own.includes(w))) return false;
  return words.every((w) => q.termSet.has(w));
}

/** The query names the operation's parent only to say all of them ("across all consumers"): no one parent's id. */
function underQuantified(q: AnalyzedQuery, words: readonly string[]): boolean {
  return words.length > 0 && words.every((w) => q.quantified.has(w));
}

const ALL_NAME = new Set(['all', 'bulk']);
const STATE_NAME = new Set(['status', 'verify', 'validate']);
const STATE_STEMS = new Set([...STATE_NAME].map(stem));

interface Kind {
  bulk: boolean;
  state: boolean;
}

/**
 * What the operation's method, path and name say it does besides acting on its resource: change all of a collection at
 * once (a DELETE on a collection, or a change named "all" or "bulk"), or check how a thing is (status, verify, validate).
 */
function kindOf(op: Operation): Kind {
  const words = lowercaseWords(splitWords(`${op.operationId} ${op.summary}`));
  const bulk = op.method !== 'GET' && ((op.method === 'DELETE' && !isItemPath(op.path)) || words.some((w) => ALL_NAME.has(w)));
  return { bulk, state: words.some((w) => STATE_NAME.has(w)) };
}

/** The query asks for all of what the operation changes at once: all of its collection, or just "everyone". */
function asksAll(op: Operation, q: AnalyzedQuery): boolean {
  if (!q.all) return false;
  // An action path ("/inbox/bulk") names what it changes elsewhere in the operation's name.
  const head = resourceHeadWords(op).at(-1);
  const changes = head === undefined || ALL_NAME.has(head) ? nameWords(op).map(withoutFinalS) : [head];
  return q.quantified.size === 0 || [...q.quantified].some((w) => changes.includes(withoutFinalS(w)));
}

function coverage(words: string[], terms: ReadonlySet<string>): number {
  if (words.length === 0) return 1;
  let covered = 0;
  for (const w of words) if (terms.has(w)) covered++;
  return covered / words.length;
}

/** Share of the summary's meaningful words the query covers: "Delete System Account" beats "... From Team". */
export function summaryCoverage(op: Operation, q: AnalyzedQuery, vocab: Vocabulary): number {
  return coverage(summaryWords(op, vocab), q.termSet);
}

const summaryWords = perVocabulary((op, vocab) => {
  // The leading verb echoes the method ("Delete ...") and is left to the intent; so are hints such as "new".
  const all = lowercaseWords(splitWords(op.summary)).map(stem);
  const rest = all[0] !== undefined && vocab.verbs.has(all[0]) ? all.slice(1) : all;
  return [...new Set(rest)].filter((w) => !vocab.stop.has(w) && !vocab.hints.has(w) && (vocab.weights.get(w) ?? 1) >= 0.5);
});

const resourceWordStems = perOperation((op) => [...new Set(lowercaseWords(resourceWords(op.path)).map(stem))]);

/** Share of the resource's words that name what the query asks for: "a key in a key set" acts on keys. */
export function resourceCoverage(op: Operation, q: AnalyzedQuery): number {
  return coverage(resourceWordStems(op), q.target);
}

const headsCache = new WeakMap<object, Map<string, Set<string>>>();

/** The words of the collection or item an operation acts on, its last literal path segment, the head word last. */
export const resourceHeadWords = perOperation((op) => lowercaseWords(resourceWords(op.path)).map((w) => withoutFinalS(stem(w))));

/** Per API (apiKey), the head word of each resource its paths end in: the kinds of thing it has. */
export function resourceHeads(ops: ReadonlyMap<string, Operation>): Map<string, Set<string>> {
  let heads = headsCache.get(ops);
  if (!heads) {
    heads = new Map();
    for (const op of ops.values()) {
      const w = resourceHeadWords(op).at(-1);
      if (w === undefined) continue;
      const own = heads.get(op.apiKey) ?? new Set<string>();
      own.add(w);
      heads.set(op.apiKey, own);
    }
    headsCache.set(ops, heads);
  }
  return heads;
}

/**
 * For one query: how the collection or item an operation acts on fits the head of what the query asks for, when its API
 * has a collection of that kind: "list developer applications" wants /applications, not /applications/{id}/developers,
 * while "a consumer's basic-auth password" still wants the basic-auth credential (the gateway API has no passwords).
 */
export function headFactor(q: AnalyzedQuery, heads: ReadonlyMap<string, ReadonlySet<string>>): (op: Operation) => number {
  if (q.head.modifiers.size === 0) return () => 1;
  const head = [...q.head.words].map(withoutFinalS);
  const modifiers = new Set([...q.head.modifiers].map(withoutFinalS));
  const ordered = [...modifiers];
  const typed = new Set(q.terms.flatMap((t) => (t.original ? [withoutFinalS(t.term)] : [])));
  return (op) => {
    const own = heads.get(op.apiKey);
    if (!own) return 1;
    let asked = head;
    let before = modifiers;
    if (!head.some((w) => own.has(w))) {
      // The head names no kind of thing the API has ("drop consumer group beta-testers"): an instance's name; the
      // last modifier that does is the head.
      const at = ordered.findLastIndex((w) => own.has(w));
      if (at < 0) return 1;
      asked = [ordered[at]!];
      // Only the word typed right before it modifies it ("consumer group"), not what a phrase before it meant.
      const prev = ordered[at - 1];
      before = new Set(prev !== undefined && typed.has(prev) ? [prev] : []);
    }
    const words = resourceHeadWords(op);
    if (words.some((w) => asked.includes(w))) return 1;
    return before.has(words.at(-1) ?? '') ? RANK.modifierHead : 1;
  };
}

/** The words an operation's own name has: its operationId, summary and path, stemmed (verbs and stop words kept). */
export const nameWords = perOperation((op) => {
  const all = new Set(lowercaseWords(splitWords(`${op.operationId} ${op.summary} ${pathWords(op.path)}`)).map(stem));
  // The stemmer keeps a three-letter plural ("CPs"); one word either way.
  return [...all].filter((w) => !(w.endsWith('s') && all.has(w.slice(0, -1))));
});

/**
 * The name's words that can tell operations apart: stop words, plain verbs (the method says them), quantifiers, ids
 * and numbers aside. A specific verb stays: "Move Consume Policy" does more than a query that never says move asks.
 */
const meaningfulNameWords = perVocabulary((op, vocab) =>
  nameWords(op).filter((w) => !vocab.stop.has(w) && (!vocab.verbs.has(w) || isSpecificVerb(vocab.phrases.get(w)?.intent)) && !vocab.hints.has(w) && !QUANTIFIERS.has(w) && w !== 'id' && !/^[0-9]+$/.test(w)),
);

/** How the operation's name fits the query: the name's words the query has, and the summed rarity of those it lacks. */
export function nameFit(op: Operation, terms: ReadonlySet<string>, vocab: Vocabulary, shapes: OpShapes): { covers: string[]; missing: number } {
  let missing = 0;
  const covers: string[] = [];
  for (const w of meaningfulNameWords(op, vocab)) {
    // The stemmer keeps a three-letter plural ("CPs"): the query's "cp" covers it, and its "cps" covers "cp".
    const t = terms.has(w) ? w : w.endsWith('s') && terms.has(w.slice(0, -1)) ? w.slice(0, -1) : terms.has(`${w}s`) ? `${w}s` : undefined;
    if (t !== undefined) covers.push(t);
    else missing += shapes.rarity.get(w) ?? 1;
  }
  return { covers, missing };
}

/**
 * Among near-equal candidates of the same method and shape, one whose name says more that the query lacks than a
 * rival's that covers the same query words (or more) loses per rare extra word: "unpublish an API from the portal"
 * is DELETE /apis/{apiId}/publications/{portalId}, not the same under /api-packages.
 */
export function nameFitFactors(hits: readonly { op: Operation; score: number }[], q: AnalyzedQuery, vocab: Vocabulary, shapes: OpShapes): number[] {
  const terms = new Set(q.terms.map((t) => t.term));
  // A yes/no question about a thing asks for its state, whatever word it uses ("is this node up?").
  if (q.state) for (const w of STATE_STEMS) terms.add(w);
  const keys = hits.map((h) => `${h.op.method} ${isItemPath(h.op.path)}`);
  const top = new Map<string, number>();
  hits.forEach((h, i) => top.set(keys[i]!, Math.max(top.get(keys[i]!) ?? 0, h.score)));
  const fits = hits.map((h, i) => (h.score >= RANK.nearEqual * (top.get(keys[i]!) ?? 0) ? nameFit(h.op, terms, vocab, shapes) : undefined));
  return fits.map((a, i) => {
    if (!a) return 1;
    let least = a.missing;
    fits.forEach((b, j) => {
      if (b && b.missing < least && keys[j] === keys[i] && a.covers.every((w) => b.covers.includes(w))) least = b.missing;
    });
    return Math.exp(-RANK.nameMissing * (a.missing - least));
  });
}
