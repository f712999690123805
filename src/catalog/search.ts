// Operation search: MiniSearch over meaningful fields, Konnect vocabulary at query time, then a light re-rank
// by intent (verbs -> methods), analytics routing and deprecation. The options must match between build and load.
import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import { ConfigError } from '../errors.js';
import { analyzeQuery, compileVocabulary, type AnalyzedQuery, type Vocabulary, type VocabularyData } from './query.js';
import { boundedDistance, pathWords, splitWords, stem, tokenize, tokenizeForIndex } from './text.js';
import { operationKey, type Operation } from './types.js';
import vocabularyData from './vocabulary.json' with { type: 'json' };

export { pathWords, splitWords } from './text.js';

export interface SearchDoc {
  id: string;
  opid: string;
  summary: string;
  description: string;
  tags: string;
  path: string;
  resource: string;
  api: string;
  params: string;
  entity: string;
}

let compiled: Vocabulary | undefined;
/** The bundled vocabulary, compiled once on first use. */
export function vocabulary(): Vocabulary {
  compiled ??= compileVocabulary(vocabularyData as VocabularyData);
  return compiled;
}

/** The last literal path segment: what the operation acts on ("/consumers/{id}/key-auth" -> "key auth"). */
export function resourceWords(path: string): string {
  const literals = path.split('/').filter((s) => s !== '' && !s.startsWith('{') && !s.startsWith('_'));
  return pathWords(literals.at(-1) ?? '');
}

export function toSearchDoc(op: Operation, apiTitle: string, vocab: Vocabulary = vocabulary()): SearchDoc {
  return {
    id: operationKey(op),
    opid: splitWords(op.operationId),
    summary: op.summary,
    description: op.description,
    tags: op.tags.join(' '),
    path: pathWords(op.path),
    resource: resourceWords(op.path),
    api: `${apiTitle} ${splitWords(op.api)} ${vocab.apiKeywords[op.api] ?? ''}`,
    params: op.params.map(splitWords).concat(op.bodyFields.map(splitWords)).join(' '),
    entity: op.entity ?? '',
  };
}

const FIELDS = ['opid', 'summary', 'description', 'tags', 'path', 'resource', 'api', 'params', 'entity'];

// Index-side analysis: the same tokenizer and stemmer as queries. Stop words are dropped from queries only,
// so the vocabulary may still point at words such as "me" (/users/me).
export const SEARCH_OPTIONS: Options<SearchDoc> = {
  fields: FIELDS,
  storeFields: [],
  tokenize: tokenizeForIndex,
  processTerm: (term) => stem(term),
};

export const BOOST: Record<string, number> = { opid: 1, summary: 3, description: 0.6, tags: 1.5, path: 1.5, resource: 1, api: 1, params: 0.3, entity: 0.8 };

/** Re-rank factors; tuned on the public eval set and a private held-out set. */
export const RANK = {
  intent: 1,
  shape: 0.3,
  defaultList: 0.2,
  analytics: 1.5,
  coverage: 0.3,
  coordination: 1,
  resource: 0.2,
  outOfScope: 0.8,
  otherProduct: 0.6,
  minTermWeight: 0.2,
  rerankDepth: 50,
  deprecated: 0.5,
  olderVersion: 0.6,
} as const;

/** The MiniSearch index plus its term list, which typo correction needs. */
export class OperationIndex {
  private byLength: Map<number, string[]> | undefined;
  private readonly corrected = new Map<string, string | undefined>();

  constructor(
    readonly ms: MiniSearch<SearchDoc>,
    readonly terms: ReadonlySet<string>,
  ) {}

  /**
   * The known word closest to an unknown one (one edit for short words, two from 8 letters), or undefined.
   * Known words are the indexed ones and the vocabulary's. Ties go to a word with the same first letter, then
   * to a longer word, since typing drops letters more often than it adds them ("consumr" is "consumer").
   */
  correct(word: string, vocab: Vocabulary): string | undefined {
    if (word.length < 4 || /[0-9]/.test(word) || this.terms.has(word)) return undefined;
    if (this.corrected.has(word)) return this.corrected.get(word);
    this.byLength ??= groupByLength(new Set([...this.terms, ...vocab.words]));
    const max = word.length >= 8 ? 2 : 1;
    let best: { t: string; rank: number } | undefined;
    for (let len = word.length - max; len <= word.length + max; len++) {
      for (const t of this.byLength.get(len) ?? []) {
        // A typo rarely touches both of the first two letters; this skips most candidates cheaply.
        if (t[0] !== word[0] && t[1] !== word[1] && t[0] !== word[1]) continue;
        const d = boundedDistance(word, t, max);
        if (d > max) continue;
        const rank = d * 4 + (t[0] === word[0] ? 0 : 2) + (t.length >= word.length ? 0 : 1);
        if (!best || rank < best.rank) best = { t, rank };
      }
    }
    if (this.corrected.size >= 2000) this.corrected.clear();
    this.corrected.set(word, best?.t);
    return best?.t;
  }

  toJSON(): unknown {
    return this.ms.toJSON();
  }
}

function groupByLength(words: Iterable<string>): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const w of words) {
    const list = out.get(w.length) ?? [];
    list.push(w);
    out.set(w.length, list);
  }
  return out;
}

export function buildIndex(ops: Operation[], apiTitle: (apiKey: string) => string): OperationIndex {
  const ms = new MiniSearch<SearchDoc>(SEARCH_OPTIONS);
  const vocab = vocabulary();
  const docs = ops.map((op) => toSearchDoc(op, apiTitle(op.apiKey), vocab));
  ms.addAll(docs);
  const terms = new Set<string>();
  for (const doc of docs) for (const f of FIELDS) for (const w of tokenizeForIndex(doc[f as keyof SearchDoc])) terms.add(stem(w));
  return new OperationIndex(ms, terms);
}

export function loadIndex(json: unknown): OperationIndex {
  const data = json as { fieldIds?: Record<string, number>; index?: [string, unknown][] } | null;
  if (!data?.fieldIds || Object.keys(data.fieldIds).join() !== FIELDS.join() || !Array.isArray(data.index)) {
    throw new ConfigError('the prebuilt search index does not match this version of konnect-mcp. Run npm run build.');
  }
  const ms = MiniSearch.loadJS<SearchDoc>(json as Parameters<typeof MiniSearch.loadJS>[0], SEARCH_OPTIONS);
  return new OperationIndex(ms, new Set(data.index.map((entry) => entry[0])));
}

export interface SearchFilters {
  api?: string | undefined;
  method?: string | undefined;
  limit: number;
}

export interface Hit {
  op: Operation;
  score: number;
}

function isItemPath(path: string): boolean {
  return path.endsWith('}');
}

/** Multiplier from the query's intent, analytics signal and the operation's status. */
export function rankFactor(op: Operation, q: AnalyzedQuery, vocab: Vocabulary): number {
  let f = 1;
  const item = isItemPath(op.path);
  if (q.intent) {
    const m = q.intent.methods[op.method] ?? 0;
    f *= 1 + RANK.intent * m;
    // "get audit log destinations" asks for a collection even though "get" usually means one item.
    const shape = q.intent.shape === 'item' && q.plural ? 'collection' : q.intent.shape;
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
  if (op.deprecated) f *= RANK.deprecated;
  if (!op.latest) f *= RANK.olderVersion;
  return f;
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
    words = [...new Set(tokenize(splitWords(op.summary)).map(stem))].filter(
      (w) => !vocab.stop.has(w) && !vocab.verbs.has(w) && (vocab.weights.get(w) ?? 1) >= 0.5,
    );
    summaryWords.set(op, words);
  }
  return coverage(words, new Set(q.terms.map((t) => t.term)));
}

/** Share of the resource's words that name what the query asks for: "a key in a key set" acts on keys. */
export function resourceCoverage(op: Operation, q: AnalyzedQuery): number {
  let words = resourceStems.get(op);
  if (!words) {
    words = [...new Set(tokenize(resourceWords(op.path)).map(stem))];
    resourceStems.set(op, words);
  }
  return coverage(words, q.target);
}

export function querySearchOptions(q: AnalyzedQuery, filter: (id: string) => boolean): SearchOptions {
  const byTerm = new Map(q.terms.map((t) => [t.term, t]));
  return {
    boost: BOOST,
    tokenize: (s) => s.split(' '),
    processTerm: (t) => t,
    boostTerm: (t) => byTerm.get(t)?.weight ?? 1,
    // Prefixes only for words as typed ("config" finds "configuration"); vocabulary words are whole.
    prefix: (t) => t.length >= 5 && byTerm.get(t)?.original === true,
    weights: { fuzzy: 0, prefix: 0.375 },
    combineWith: 'OR',
    filter: (r) => filter(r.id as string),
  };
}

export function searchOperations(
  index: OperationIndex,
  byKey: Map<string, Operation>,
  query: string,
  filters: SearchFilters,
): { hits: Hit[]; total: number } {
  const vocab = vocabulary();
  const q = analyzeQuery(query, vocab, (word) => index.correct(word, vocab));
  if (q.terms.length === 0) return { hits: [], total: 0 };
  const method = filters.method?.toUpperCase();
  const keep = (id: string): boolean => {
    const op = byKey.get(id);
    if (!op) return false;
    if (filters.api && op.api !== filters.api) return false;
    if (method && op.method !== method) return false;
    return true;
  };
  // Faint terms (a verb's echo, a far-off alternative) cost more lookups than they change the order.
  const searched = q.terms.filter((t) => t.weight >= RANK.minTermWeight);
  const results = index.ms.search(searched.map((t) => t.term).join(' '), querySearchOptions(q, keep));
  const weight = new Map(q.terms.map((t) => [t.term, t.weight]));
  const hits = results.map((r) => {
    const op = byKey.get(r.id as string)!;
    // MiniSearch multiplies by the number of matched terms; count each by its weight instead.
    const matched = r.queryTerms.reduce((sum, t) => sum + (weight.get(t) ?? 0), 0);
    return { op, score: (r.score / Math.max(1, r.queryTerms.length)) * matched ** RANK.coordination * rankFactor(op, q, vocab) };
  });
  hits.sort((a, b) => b.score - a.score);
  // A second, finer pass on the head of the list only, to keep query time small.
  const head = hits.slice(0, RANK.rerankDepth);
  for (const h of head) {
    h.score *= 1 - RANK.coverage * (1 - summaryCoverage(h.op, q, vocab));
    h.score *= 1 - RANK.resource * (1 - resourceCoverage(h.op, q));
  }
  head.sort((a, b) => b.score - a.score);
  hits.splice(0, head.length, ...head);
  return { hits: hits.slice(0, filters.limit), total: hits.length };
}
