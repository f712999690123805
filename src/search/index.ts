// Operation search: MiniSearch over meaningful fields (prebuilt at build time), the Konnect vocabulary at query
// time, then a re-rank (rank.ts). The index options must match between build and load.
import MiniSearch, { type Options, type SearchOptions, type SearchResult as SearchResultEntry } from 'minisearch';
import { ConfigError } from '../errors.js';
import { analyzeQuery, type AnalyzedQuery } from './query.js';
import { nameFitFactors, opShapes, RANK, rankFactors, resourceCoverage, headFactor, resourceHeads, summaryCoverage } from './rank.js';
import { boundedDistance, pathWords, resourceWords, splitWords, tokenizeForIndex } from '../text/words.js';
import { stem } from '../text/stem.js';
import { operationKey, type Hit, type Indexer, type Operation, type OperationSearch, type SearchFilters, type SearchResult } from '../catalog/types.js';
import { bundledVocabulary, type Vocabulary } from './vocabulary.js';
import { answerability, confidenceOf, foreignLead, matchShare, prefixTerms, reaches, type MatchShare } from './confidence.js';
import { EnglishVerbs, readVerbList, type VerbListJson, type VerbReading } from './verbs.js';
import { PluginGoals, readPluginTable, withPluginFit, type PluginEntry, type PluginFit } from './plugins.js';
import { dot, readWordTable, WordVectors, type WordTableJson } from './embed.js';
import { baseSignals, featureRow, readWeights, reorder, REORDER_DEPTH, type ReorderWeights, type Signals } from './reorder.js';
import { relationFactor, relationShapes } from './relation.js';
import { buildProductTable, Products, readProductTable, type ApiHosts } from './products.js';

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
  /** What Kong's docs and tag descriptions say around this operation (evidence.ts). */
  docs: string;
  /** The allowed values (enums) of its parameters and body that few other operations share: evidence, as docs is. */
  values: string;
  /** The words people used in questions this operation answers (train-asked.ts): evidence, as docs is. */
  asked: string;
}

/** Parameter and field names, and allowed values (lowercased), too common to tell operations apart. */
interface Common {
  names: ReadonlySet<string>;
  values: ReadonlySet<string>;
}

const NO_COMMON: Common = { names: new Set(), values: new Set() };

export function toSearchDoc(op: Operation, apiTitle: string, vocab: Vocabulary, common: Common = NO_COMMON, docs = '', asked = ''): SearchDoc {
  return {
    id: operationKey(op),
    opid: splitWords(op.operationId),
    summary: op.summary,
    description: op.description,
    tags: op.tags.join(' '),
    path: pathWords(op.path),
    resource: resourceWords(op.path),
    api: `${apiTitle} ${splitWords(op.api)} ${vocab.apiKeywords.get(op.api) ?? ''}`,
    params: [...op.params, ...op.bodyFields].filter((n) => !common.names.has(n)).map(splitWords).join(' '),
    entity: op.entity ?? '',
    docs,
    values: (op.values ?? []).filter((v) => !common.values.has(v.toLowerCase())).map(splitWords).join(' '),
    // An operation no question is about (a user's spec, a new one) is asked about in its own words, or every
    // operation with questions would outrank it on a common word.
    asked: asked || `${splitWords(op.operationId)} ${op.summary}`,
  };
}

/**
 * Allowed values on more operations than this say nothing about any one of them (a status or protocol enum shared
 * by a family of operations). Swept 3-40 on the tuning sets: within a question or two.
 */
const MAX_VALUE_OPS = 3;

/**
 * Parameter and field names on many operations (controlPlaneId, size, offset, tags, filter…) say nothing about any
 * one of them and would make every search touch most of the index; nor do allowed values shared by a family.
 */
function commonNames(ops: Operation[], share = 0.05): Common {
  return {
    names: frequent(ops, (op) => [...op.params, ...op.bodyFields], ops.length * share),
    values: frequent(ops, (op) => (op.values ?? []).map((v) => v.toLowerCase()), MAX_VALUE_OPS),
  };
}

/** What more than `max` of `ops` have. */
function frequent(ops: Operation[], of: (op: Operation) => string[], max: number): Set<string> {
  const count = new Map<string, number>();
  for (const op of ops) for (const n of new Set(of(op))) count.set(n, (count.get(n) ?? 0) + 1);
  return new Set([...count].filter(([, c]) => c > max).map(([n]) => n));
}

/** The field of words from questions, which are not the specs' own words (see addTerms). */
const ASKED = 'asked';
const FIELDS = ['opid', 'summary', 'description', 'tags', 'path', 'resource', 'api', 'params', 'entity', 'docs', 'values', ASKED];
/** The fields that say what an operation does and to what, as opposed to what is said about it. */
const NAMED_FIELDS = ['opid', 'summary', 'path'];

// Index-side analysis: the same tokenizer and stemmer as queries. Stop words are dropped from queries only,
// so the vocabulary may still point at words such as "me" (/users/me).
export const SEARCH_OPTIONS: Options<SearchDoc> = {
  fields: FIELDS,
  storeFields: [],
  tokenize: tokenizeForIndex,
  processTerm: (term) => stem(term),
};

export const BOOST: Record<string, number> = { opid: 1, summary: 3, description: 0.6, tags: 1.5, path: 1.5, resource: 1, api: 1, params: 0.3, entity: 0.8, docs: 0.3, values: 0.2, asked: 12 };

/**
 * BM25+ parameters: MiniSearch's defaults. Swept on the tuning sets (k 0.8-1.8, b 0.4-1, also per field, d 0.25-1)
 * with no gain beyond a question or two either way.
 */
export const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** The MiniSearch index, the vocabulary it was built with, and its term list, which typo correction needs. */
export class OperationIndex implements OperationSearch {
  /** Known words by length, for typo correction: stemmed, and as written. */
  private stems: Map<number, string[]> | undefined;
  private written: Map<number, string[]> | undefined;
  private readonly corrected = new Map<string, string | undefined>();

  constructor(
    readonly ms: MiniSearch<SearchDoc>,
    readonly terms: ReadonlySet<string>,
    /** Terms of the fields that name what operations do (opid, summary, path): what the API can be asked (confidence). */
    readonly named: ReadonlySet<string>,
    readonly vocab: Vocabulary,
    /** Plugins from Kong's plugin pages, for queries whose goal a plugin does (plugins.ts). */
    readonly plugins: PluginGoals = new PluginGoals([]),
    /** Word vectors that reorder the head of the list (embed.ts); absent in catalogs built without them. */
    readonly words?: WordVectors,
    /** English verbs, for requests whose verb the vocabulary does not know (verbs.ts). */
    readonly verbs?: EnglishVerbs,
    /** What the specs say of each API, to tell which product a query is about (products.ts). */
    readonly products: Products = new Products(),
    /** The indexed words as written (`surface`), or the prebuilt index's string of them, read on the first typo. */
    private readonly surfaceWords: ReadonlySet<string> | string = new Set(),
  ) {}

  private surfaceSet: ReadonlySet<string> | undefined;

  /** The learned order of hits 2..10 (reorder.ts): the shipped weights; tests may set others, or none. */
  reorder: ReorderWeights | undefined = readWeights();

  /** The indexed words as written (lowercase letters, unstemmed): what a typo is made of (correct). */
  get surface(): ReadonlySet<string> {
    const words = this.surfaceWords;
    // Lowercase letters only, whatever the file says.
    this.surfaceSet ??= typeof words === 'string' ? new Set(words.split(' ').filter((w) => WRITTEN.test(w))) : words;
    return this.surfaceSet;
  }

  /**
   * The known word closest to an unknown one (one edit for short words, two from 8 letters, only a swap of two
   * neighbours for three letters), stemmed, or undefined.
   * A typo is made on a word as written, so the word as typed is compared with the words as the specs and the
   * vocabulary write them ("crate" is "create", not "rate"); the stems alone stand in for an index built without them.
   * Ties go to a word with the same first letter, then to a longer word, since typing drops letters more often than
   * it swaps or adds them ("acount" is "account", not "amount").
   */
  correct(word: string, typed = word): string | undefined {
    if (word.length < 3 || /[0-9]/.test(word) || this.terms.has(word)) return undefined;
    const key = `${word} ${typed}`;
    if (this.corrected.has(key)) return this.corrected.get(key);
    this.written ??= groupByLength(new Set([...this.surface, ...this.vocab.written]));
    // A three-letter word is only mended by swapping two neighbours ("kye" is key): any other edit finds too much.
    const asWritten = word.length === 3 ? swapped(typed, this.written) : closest(typed, this.written);
    // The stems still find a word the specs only write in another form ("ingressses" for ingress).
    const fixed =
      asWritten !== undefined ? stem(asWritten) : word.length === 3 ? undefined : closest(word, (this.stems ??= groupByLength(new Set([...this.terms, ...this.vocab.words]))));
    if (this.corrected.size >= 2000) this.corrected.clear();
    this.corrected.set(key, fixed);
    return fixed;
  }

  search(query: string, filters: SearchFilters, byKey: ReadonlyMap<string, Operation>): SearchResult {
    return searchOperations(this, byKey, query, filters);
  }

  toJSON(): unknown {
    const ms = this.ms.toJSON();
    const spec = specTerms(ms.index, ms.fieldIds);
    return {
      ...ms,
      // Known terms the specs do not write (English words only questions used): typo correction leaves them alone.
      askedTerms: [...this.terms].filter((t) => !spec.has(t)).sort().join(' '),
      plugins: this.plugins.table,
      ...(this.words ? { wordVectors: this.words.json } : {}),
      ...(this.verbs ? { verbs: this.verbs.json } : {}),
      products: this.products.json,
      surface: [...this.surface].sort().join(' '),
    };
  }
}

/** The word of `byLength` fewest edits from `word` (see correct), or undefined past the edits allowed. */
function closest(word: string, byLength: ReadonlyMap<number, readonly string[]>): string | undefined {
  const max = word.length >= 8 ? 2 : 1;
  let best: { t: string; rank: number } | undefined;
  for (let len = word.length - max; len <= word.length + max; len++) {
    for (const t of byLength.get(len) ?? []) {
      // A typo rarely touches both of the first two letters; this skips most candidates cheaply.
      if (t[0] !== word[0] && t[1] !== word[1] && t[0] !== word[1]) continue;
      const d = boundedDistance(word, t, max);
      if (d > max) continue;
      const rank = d * 4 + (t[0] === word[0] ? 0 : 2) + lengthRank(word, t);
      if (!best || rank < best.rank) best = { t, rank };
    }
  }
  return best?.t;
}

/** The known word of the same length that `word` is with two neighbouring letters swapped, if exactly one is. */
function swapped(word: string, byLength: ReadonlyMap<number, readonly string[]>): string | undefined {
  const found = new Set<string>();
  const known = new Set(byLength.get(word.length) ?? []);
  for (let i = 0; i + 1 < word.length; i++) {
    const t = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    if (t !== word && known.has(t)) found.add(t);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/** A dropped letter, then swapped letters ("valut" is "vault", not "value"), then a wrong one, then an extra one. */
function lengthRank(word: string, t: string): number {
  if (t.length !== word.length) return t.length > word.length ? 0 : 2;
  return [...t].sort().join('') === [...word].sort().join('') ? 0.5 : 1;
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

/** What only the build can give an index besides the operations: each is optional, so tests pass what they need. */
export interface IndexSources {
  /** Per operation key, the docs words from evidence.ts (bundled specs only; user specs have none). */
  evidence?: ReadonlyMap<string, string>;
  vocab?: Vocabulary;
  plugins?: readonly PluginEntry[];
  wordTable?: WordTableJson;
  verbs?: VerbListJson;
  /** APIs served on the global host (the organization's own) and on a customer's own host (the dev portal). */
  hosts?: ApiHosts;
  /** Per operation key, the words of the questions it answers (src/search/asked-words.json). */
  asked?: ReadonlyMap<string, string>;
}

export function buildIndex(ops: Operation[], apiTitle: (apiKey: string) => string, sources: IndexSources = {}): OperationIndex {
  const { evidence = new Map<string, string>(), asked = new Map<string, string>(), vocab = bundledVocabulary(), plugins = [], wordTable, verbs, hosts } = sources;
  const ms = new MiniSearch<SearchDoc>(SEARCH_OPTIONS);
  const common = commonNames(ops);
  const docs = ops.map((op) => toSearchDoc(op, apiTitle(op.apiKey), vocab, common, evidence.get(operationKey(op)), asked.get(operationKey(op))));
  ms.addAll(docs);
  const terms = new Set<string>();
  const named = new Set<string>();
  const surface = new Set<string>();
  addTerms(docs, terms, named, surface);
  // A word only questions used is known (not mended as a typo) when it is an English word ("sluggish", "lint"); a
  // typo several people made ("delte") is not one, and is still mended.
  const english = new Set(wordTable ? wordTable.words.split(' ').map((w) => stem(w)) : []);
  for (const doc of docs) for (const w of tokenizeForIndex(doc.asked)) if (english.has(stem(w))) terms.add(stem(w));
  const products = new Products(buildProductTable(ops, apiTitle, hosts));
  return new OperationIndex(ms, terms, named, vocab, new PluginGoals(plugins), wordTable && new WordVectors(wordTable), verbs && new EnglishVerbs(verbs), products, surface);
}

const WRITTEN = /^[a-z]{3,}$/;

/** The index terms found in a field of the specs' own words, not only in the questions' (`asked`). */
function specTerms(index: readonly [string, unknown][], fieldIds: Readonly<Record<string, number>>): Set<string> {
  const askedId = String(fieldIds[ASKED]);
  const inSpecs = (fields: unknown): boolean => typeof fields === 'object' && fields !== null && Object.keys(fields).some((id) => id !== askedId);
  return new Set(index.flatMap(([term, fields]) => (inSpecs(fields) ? [term] : [])));
}

/**
 * Every indexed term of `docs` into `terms`, those of the fields that name an operation into `named`, and the words
 * as written (letters only) into `surface`.
 */
function addTerms(docs: SearchDoc[], terms: Set<string>, named: Set<string>, surface: Set<string>): void {
  for (const doc of docs) {
    for (const f of FIELDS) {
      // Questions' words, typos among them, are not the specs' own: typo correction mends a word only they have.
      if (f === ASKED) continue;
      for (const w of tokenizeForIndex(doc[f as keyof SearchDoc])) {
        const t = stem(w);
        terms.add(t);
        if (NAMED_FIELDS.includes(f)) named.add(t);
        if (WRITTEN.test(w)) surface.add(w);
      }
    }
  }
}

/**
 * The prebuilt index with `ops` it lacks added (user specs, older versions): the bundled operations keep their docs
 * evidence, which only the build can derive, and rank as they do without extra specs.
 */
export function extendIndex(prebuilt: unknown, ops: Operation[], apiTitle: (apiKey: string) => string, vocab = bundledVocabulary()): OperationIndex {
  // Every prebuilt document is among `ops` (the loader adds to the newest versions, never drops one); a hit the
  // catalog does not hold would be skipped by searchOperations anyway.
  const base = loadIndex(prebuilt, vocab);
  const common = commonNames(ops);
  const fresh = ops.filter((op) => !base.ms.has(operationKey(op)));
  const added = fresh.map((op) => toSearchDoc(op, apiTitle(op.apiKey), vocab, common));
  base.ms.addAll(added);
  const terms = new Set(base.terms);
  const named = new Set(base.named);
  const surface = new Set(base.surface);
  addTerms(added, terms, named, surface);
  // The table reads the newest versions only: older ones (--all-versions) leave the prebuilt one as it is.
  const hosts = { global: base.products.json.global, custom: Object.keys(base.products.json.custom) };
  const products = fresh.some((op) => op.latest) ? new Products(buildProductTable(ops.filter((op) => op.latest), apiTitle, hosts)) : base.products;
  return new OperationIndex(base.ms, terms, named, vocab, base.plugins, base.words, base.verbs, products, surface);
}

export function loadIndex(json: unknown, vocab = bundledVocabulary()): OperationIndex {
  const data = json as { fieldIds?: Record<string, number>; index?: [string, unknown][]; plugins?: unknown; wordVectors?: unknown; verbs?: unknown; products?: unknown; surface?: unknown; askedTerms?: unknown } | null;
  if (!data?.fieldIds || Object.keys(data.fieldIds).join() !== FIELDS.join() || !Array.isArray(data.index)) {
    throw new ConfigError('the prebuilt search index does not match this version of konnect-mcp. Run npm run build.');
  }
  const ms = MiniSearch.loadJS<SearchDoc>(json as Parameters<typeof MiniSearch.loadJS>[0], SEARCH_OPTIONS);
  const namedIds = NAMED_FIELDS.map((f) => String(data.fieldIds?.[f]));
  const inNamedField = (fields: unknown): boolean => typeof fields === 'object' && fields !== null && namedIds.some((id) => id in fields);
  const named = new Set(data.index.flatMap(([term, fields]) => (inNamedField(fields) ? [term] : [])));
  const words = readWordTable(data.wordVectors);
  const verbs = readVerbList(data.verbs);
  const surface = typeof data.surface === 'string' ? data.surface : new Set<string>();
  const terms = specTerms(data.index, data.fieldIds);
  if (typeof data.askedTerms === 'string') for (const t of data.askedTerms.split(' ')) if (t) terms.add(t);
  return new OperationIndex(ms, terms, named, vocab, new PluginGoals(readPluginTable(data.plugins)), words, verbs, new Products(readProductTable(data.products)), surface);
}

export function querySearchOptions(q: AnalyzedQuery, filter?: (id: string) => boolean): SearchOptions {
  const byTerm = new Map(q.terms.map((t) => [t.term, t]));
  const prefixed = prefixTerms(q);
  return {
    boost: BOOST,
    bm25: BM25,
    tokenize: (s) => s.split(' '),
    processTerm: (t) => t,
    boostTerm: (t) => byTerm.get(t)?.weight ?? 1,
    // Prefixes only for words as typed ("config" finds "configuration"); vocabulary words are whole.
    prefix: (t) => prefixed.has(t),
    weights: { fuzzy: 0, prefix: 0.375 },
    combineWith: 'OR',
    ...(filter ? { filter: (r: { id: unknown }) => filter(r.id as string) } : {}),
  };
}

/**
 * How a word reads as a verb. One the operations' own names use ("Produce Policy", /consume-policies) is a verb only
 * where it takes an object, as words that are mostly something else are: "produce policies vc" asks to see them.
 */
function verbReading(index: OperationIndex, word: string): VerbReading | undefined {
  const reading = index.verbs?.reading(word);
  return reading === 'usually' && index.named.has(stem(word)) ? 'also' : reading;
}

/** What a search tells besides its hits: the best hit's word share, and the reorder's rows (scripts/train-reorder.ts). */
export interface SearchDetail extends SearchResult {
  share?: MatchShare;
  rows?: { api: string; operationId: string; row: number[] }[];
}

export function searchOperations(
  index: OperationIndex,
  byKey: ReadonlyMap<string, Operation>,
  query: string,
  filters: SearchFilters,
): SearchDetail {
  const vocab = index.vocab;
  const q = analyzeQuery(query, vocab, (word, typed) => index.correct(word, typed), (word) => verbReading(index, word));
  if (q.terms.length === 0) return { hits: [], total: 0, confidence: 'low' };
  const method = filters.method?.toUpperCase();
  const keep = (id: string): boolean => {
    const op = byKey.get(id);
    return op !== undefined && (!filters.api || op.api === filters.api || op.apiKey === filters.api) && (!method || op.method === method);
  };
  // Faint terms (a verb's echo, a far-off alternative) cost more lookups than they change the order.
  const searched = q.terms.filter((t) => t.weight >= RANK.minTermWeight);
  const results = index.ms.search(searched.map((t) => t.term).join(' '), querySearchOptions(q, filters.api || method ? keep : undefined));
  const weight = new Map(q.terms.map((t) => [t.term, t.weight]));
  const shapes = opShapes(byKey);
  const relations = relationShapes(byKey);
  const factor = rankFactors(q, vocab, shapes, index.products.read(q.productWords, q.self));
  const hits: Ranked[] = [];
  for (const r of results) {
    const op = byKey.get(r.id as string);
    if (!op) continue;
    // MiniSearch multiplies by the number of matched terms; count each by its weight instead.
    const matched = r.queryTerms.reduce((sum, t) => sum + (weight.get(t) ?? 0), 0);
    const signals = baseSignals((r.score / Math.max(1, r.queryTerms.length)) * matched ** RANK.coordination, factor(op), relationFactor(op, q, relations));
    hits.push({ op, r, signals, score: signals.base * signals.factor * signals.relation });
  }
  bestFirst(hits, RANK.rerankDepth);
  // A second, finer pass on the head of the list only, to keep query time small.
  const head = hits.slice(0, RANK.rerankDepth);
  const headFit = headFactor(q, resourceHeads(byKey));
  const prefixed = prefixTerms(q);
  for (const h of head) {
    // A term found only in the docs evidence counts less towards the terms matched.
    const { r, signals } = h;
    const inDocsOnly = docsOnlyTerms(r.queryTerms, r.match, prefixed);
    if (inDocsOnly.size > 0) {
      const all = r.queryTerms.reduce((sum, t) => sum + (weight.get(t) ?? 0), 0);
      const own = r.queryTerms.reduce((sum, t) => sum + (weight.get(t) ?? 0) * (inDocsOnly.has(t) ? RANK.docsOnly : 1), 0);
      if (all > 0) signals.docs = (own / all) ** RANK.coordination;
    }
    signals.summary = summaryCoverage(h.op, q, vocab);
    signals.resource = resourceCoverage(h.op, q);
    signals.head = headFit(h.op);
    h.score *= signals.docs * (1 - RANK.coverage * (1 - signals.summary)) * (1 - RANK.resource * (1 - signals.resource)) * signals.head;
  }
  // Near-ties are settled by how well each operation's own name fits the query, once all of the head is scored.
  const factors = nameFitFactors(head, q, vocab, shapes);
  head.forEach((h, i) => {
    h.signals.name = factors[i] ?? 1;
    h.score *= h.signals.name;
  });
  head.sort(byScore);
  hits.splice(0, head.length, ...head);
  // The rest is read only when a request to act re-sorts every hit, or the answer reaches past the head.
  if (q.act || filters.limit > head.length) hits.splice(head.length, Infinity, ...hits.slice(head.length).sort(byScore));
  const best = hits[0];
  // Confidence weighs this hit's words, before the lift a request to act gives operations that change something.
  const bestScore = best?.score ?? 0;
  const share = best ? matchShare(q, vocab.analyticsApis.has(best.op.api), best.r.queryTerms, best.r.match) : { own: 0, withDocs: 0 };
  const fit = index.plugins.fit({
    query,
    q,
    best: best && { op: best.op, match: best.r.match },
    byKey,
    allowed: (op) => keep(operationKey(op)),
    verbs: vocab.verbs,
    phrase: (words) => vocab.phrases.has(words.join(' ')),
  });
  // A request to act favours operations that change something; after the plugin decision, which weighs words.
  if (q.act) {
    for (const h of hits) if (h.op.method !== 'GET') h.score *= 1 + RANK.act;
    hits.sort(byScore);
  }
  const promoted = promotePlugin(hits, fit);
  // Only what is returned is reordered and clamped; the total counts every hit.
  const shown = promoted.slice(0, Math.max(filters.limit, REORDER_DEPTH));
  const rows = reorderRows(shown, q, vocab, index.words?.embed(query), index.words);
  const ranked = reorder(shown, rows, index.reorder);
  const foreign = best !== undefined && foreignLead(q, vocab, index.named, best.r.match);
  return {
    hits: ranked.slice(0, filters.limit).map(({ op, score, note }) => (note ? { op, score, note } : { op, score })),
    total: promoted.length,
    confidence: withPluginFit(confidenceOf(bestScore, share, foreign, answerability(query, vocab.stop)), fit),
    share,
    rows: shown.slice(0, rows.length).map((h, i) => ({ api: h.op.api, operationId: h.op.operationId, row: rows[i]! })),
  };
}

/** A hit while it is ranked: MiniSearch's entry and the parts of its score. */
interface Ranked extends Hit {
  r: SearchResultEntry;
  signals: Signals;
}

/** A hit once the plugin creator is promoted: that one may come with neither. */
type Candidate = Hit & Partial<Pick<Ranked, 'r' | 'signals'>>;

/** The reorder's feature rows of the first REORDER_DEPTH hits, in their lexical order. */
function reorderRows(
  shown: readonly Candidate[],
  q: AnalyzedQuery,
  vocab: Vocabulary,
  queryVector: Float32Array | undefined,
  words: WordVectors | undefined,
): number[][] {
  return shown.slice(0, REORDER_DEPTH).map((h, i) => {
    const share = h.r ? matchShare(q, vocab.analyticsApis.has(h.op.api), h.r.queryTerms, h.r.match) : { own: 0, withDocs: 0 };
    const v = queryVector && words?.operation(h.op);
    return featureRow(
      h.op,
      { signals: h.signals, cosine: queryVector && v ? dot(queryVector, v) : 0, own: share.own, withDocs: share.withDocs, act: q.act && h.op.method !== 'GET' },
      i,
    );
  });
}

const byScore = (a: { score: number }, b: { score: number }): number => b.score - a.score;

/**
 * Puts the `k` best hits first, best first, and leaves the rest after them in the order they came: the head a full
 * stable sort gives, without comparing the hundreds of hits past it.
 */
export function bestFirst<T extends { score: number }>(hits: T[], k: number): void {
  if (hits.length <= k) {
    hits.sort(byScore);
    return;
  }
  const scores = new Float64Array(hits.length);
  hits.forEach((h, i) => (scores[i] = h.score));
  scores.sort();
  const least = scores[hits.length - k]!;
  // Every hit above the k-th best score, and as many at that score as fit, in the order they came.
  let ties = k;
  for (let i = hits.length - 1; i >= 0 && scores[i]! > least; i--) ties--;
  const head: T[] = [];
  const rest: T[] = [];
  for (const h of hits) {
    if (h.score > least || (h.score === least && ties-- > 0)) head.push(h);
    else rest.push(h);
  }
  hits.splice(0, hits.length, ...head.sort(byScore), ...rest);
}

/** Puts the plugin creator first (moved up, or added), naming the plugins that fit. */
function promotePlugin(hits: Candidate[], fit: PluginFit | undefined): Candidate[] {
  if (!fit) return hits;
  const at = hits.findIndex((h) => h.op === fit.op);
  const score = Math.max(hits[0]?.score ?? 0, hits[at]?.score ?? 0);
  const rest = at < 0 ? hits : [...hits.slice(0, at), ...hits.slice(at + 1)];
  const note = fit.ownEntity ? `for the ${fit.plugins.join(' or ')} plugin` : `likely plugin: ${fit.plugins.join(' or ')}`;
  return [{ op: fit.op, score, note }, ...rest];
}

/**
 * Query terms a hit matched in its docs evidence and nowhere else. `match` is keyed by index terms, which a typed
 * word's prefix search reaches too ("config" -> configur). A word found only in the allowed values ("Deployer" for
 * assign-role) keeps its weight here: discounting it too answered more answerable questions with low confidence.
 */
export function docsOnlyTerms(queryTerms: readonly string[], match: Readonly<Record<string, string[]>>, prefixed: ReadonlySet<string>): Set<string> {
  // The matched index terms are listed once per hit, not once per query term: this runs on all of the head.
  const matched = Object.keys(match);
  return new Set(
    queryTerms.filter((term) => {
      const prefix = prefixed.has(term);
      let docs = false;
      for (const t of matched) {
        if (!reaches(t, term, prefix)) continue;
        for (const f of match[t]!) {
          if (f !== 'docs') return false;
          docs = true;
        }
      }
      return docs;
    }),
  );
}

/** What the catalog loader is given to build or load its index. */
export const indexer: Indexer = {
  // User specs and --all-versions extend the prebuilt index: its docs evidence, plugin table and word vectors
  // come from sources only the build reads.
  build: (ops, apiTitle, prebuilt) => (prebuilt === undefined ? buildIndex(ops, apiTitle) : extendIndex(prebuilt, ops, apiTitle)),
  load: (json) => loadIndex(json),
};
