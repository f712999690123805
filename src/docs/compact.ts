// A MiniSearch index in a form that loads fast: a few long strings and flat number arrays (cheap to parse), each
// term's postings kept as text until a query reads that term's field, and the term tree built a node at a time as
// queries reach it. JSON.parse of many small objects, a Map per term and field, and inserting every term were most
// of the first call.
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';

/** Serialized index: what MiniSearch's search reads, nothing else. */
export interface CompactIndex {
  documentCount: number;
  nextId: number;
  /** Document id per MiniSearch short id (0, 1, 2... in the order documents were added). */
  ids: number[];
  fieldIds: Record<string, number>;
  /** Field lengths, document-major: short id d's field f at d * fields + f. */
  fieldLength: number[];
  averageFieldLength: number[];
  /** Terms joined by '\n', in MiniSearch's own order (that of its term tree, which loading rebuilds). */
  terms: string;
  /**
   * Each term's postings, '\n'-separated like `terms`: `field:doc.freq,doc field:...`, doc ids delta-coded, numbers in
   * base 36, `.freq` left out when it is 1 (most are).
   */
  postings: string;
}

const SEP = '\n';

export function compactIndex(js: AsPlainObject): CompactIndex {
  const fields = Object.keys(js.fieldIds).length;
  const ids: number[] = [];
  const fieldLength: number[] = [];
  for (const [shortId, id] of Object.entries(js.documentIds)) {
    const d = Number(shortId);
    // Short ids are dense as long as no document was removed; the build never removes one.
    if (d !== ids.length || typeof id !== 'number') throw new Error(`compactIndex: short id ${shortId} is out of order or its id is not a number`);
    ids.push(id);
    const lengths = js.fieldLength[shortId] ?? [];
    for (let f = 0; f < fields; f++) fieldLength.push(lengths[f] ?? 0);
  }
  const terms: string[] = [];
  const postings: string[] = [];
  for (const [term, byField] of js.index) {
    if (term.includes(SEP)) throw new Error(`compactIndex: term ${JSON.stringify(term)} contains a line break`);
    terms.push(term);
    const parts: string[] = [];
    for (const [field, docs] of Object.entries(byField)) {
      let prev = 0;
      const docIds = Object.keys(docs)
        .map(Number)
        .sort((a, b) => a - b);
      const list = docIds.map((id) => {
        const freq = docs[id]!;
        const out = freq === 1 ? (id - prev).toString(36) : `${(id - prev).toString(36)}.${freq.toString(36)}`;
        prev = id;
        return out;
      });
      parts.push(`${field}:${list.join(',')}`);
    }
    postings.push(parts.join(' '));
  }
  const { documentCount, nextId, fieldIds, averageFieldLength } = js;
  return { documentCount, nextId, ids, fieldIds, fieldLength, averageFieldLength, terms: terms.join(SEP), postings: postings.join(SEP) };
}

/** Value of a base-36 digit (0-9, a-z) by character code. */
const digit = (c: number): number => (c <= 57 ? c - 48 : c - 87);

/** Postings of one field, s[from..to): `doc.freq,doc,...`. Scanned in place: no substrings, no arrays. */
function decodeField(s: string, from: number, to: number): Map<number, number> {
  const docs = new Map<number, number>();
  if (from >= to) return docs;
  let id = 0;
  let n = 0;
  let inFreq = false;
  for (let i = from; i <= to; i++) {
    const c = i < to ? s.charCodeAt(i) : 44; // a ',' ends the last one
    if (c === 46) {
      // '.': the doc id is complete, a frequency follows
      id += n;
      n = 0;
      inFreq = true;
    } else if (c === 44) {
      if (inFreq) docs.set(id, n);
      else docs.set((id += n), 1);
      n = 0;
      inFreq = false;
    } else n = n * 36 + digit(c);
  }
  return docs;
}

/**
 * A term's field -> doc -> frequency map, each field decoded on first read. Search reads only `get`: frequent terms
 * are looked up in section headings only, so their long text postings are never decoded.
 */
class LazyPostings {
  private decoded: Map<number, Map<number, number> | undefined> | undefined;
  constructor(private readonly postings: string) {}
  get(field: number): Map<number, number> | undefined {
    this.decoded ??= new Map();
    if (this.decoded.has(field)) return this.decoded.get(field);
    const s = this.postings;
    let docs: Map<number, number> | undefined;
    // `field:postings` parts, separated by spaces.
    for (let at = 0; at < s.length; ) {
      const colon = s.indexOf(':', at);
      if (colon < 0) break;
      let end = s.indexOf(' ', colon);
      if (end < 0) end = s.length;
      if (Number(s.slice(at, colon)) === field) {
        docs = decodeField(s, colon + 1, end);
        break;
      }
      at = end + 1;
    }
    this.decoded.set(field, docs);
    return docs;
  }
}

type Tree = Map<string, unknown>;
/** MiniSearch's tree marks the end of a term with this key. */
const LEAF = '';

/** What a tree node is built from: the terms (MiniSearch's own order), their postings, and MiniSearch's one-by-one insertion. */
interface TermSource {
  terms: string[];
  postings: string[];
  /** A tree built the way MiniSearch builds it, key by key: for keys not in MiniSearch's order. */
  insertAll(entries: [string, unknown][]): Tree;
}

/**
 * A node of MiniSearch's term tree (edge -> child node, LEAF -> postings) for terms[lo..hi), which share their first
 * `depth` characters; its children are worked out on first use. A query walks a small part of the tree (its terms, their
 * prefixes, typo neighbours of its longer words), so most nodes are never built: building all was most of the load.
 */
class LazyNode extends Map<string, unknown> {
  private filled = false;
  constructor(
    private readonly src: TermSource,
    private readonly lo: number,
    private readonly hi: number,
    private readonly depth: number,
  ) {
    super();
  }

  /**
   * Terms that continue with the same character are adjacent in MiniSearch's order, so each child is a run: children
   * then come in the order one-by-one insertion gives (same results, same scores). Any other order is inserted key by key.
   */
  private fill(): void {
    if (this.filled) return;
    this.filled = true;
    const { terms, postings } = this.src;
    const depth = this.depth;
    let seen = '';
    for (let i = this.lo; i < this.hi; ) {
      const term = terms[i]!;
      if (term.length === depth) {
        super.set(LEAF, new LazyPostings(postings[i]!));
        i++;
        continue;
      }
      const c = term[depth]!;
      if (seen.includes(c)) return this.insertAll();
      seen += c;
      // The run of terms that continue with c, and the prefix they share.
      let j = i + 1;
      let shared = term.length;
      for (; j < this.hi; j++) {
        const t = terms[j]!;
        if (t[depth] !== c) break;
        const max = Math.min(shared, t.length);
        let l = depth + 1;
        while (l < max && t[l] === term[l]) l++;
        shared = l;
      }
      // A run of one term is a leaf: a plain node, as MiniSearch would make it.
      const child = j === i + 1 ? new Map([[LEAF, new LazyPostings(postings[i]!)]]) : new LazyNode(this.src, i, j, shared);
      super.set(term.slice(depth, shared), child);
      i = j;
    }
  }

  private insertAll(): void {
    super.clear();
    const entries: [string, unknown][] = [];
    for (let i = this.lo; i < this.hi; i++) entries.push([this.src.terms[i]!.slice(this.depth), new LazyPostings(this.src.postings[i]!)]);
    for (const [k, v] of this.src.insertAll(entries)) super.set(k, v);
  }

  override get(key: string): unknown {
    this.fill();
    return super.get(key);
  }
  override has(key: string): boolean {
    this.fill();
    return super.has(key);
  }
  override get size(): number {
    this.fill();
    return super.size;
  }
  override keys(): MapIterator<string> {
    this.fill();
    return super.keys();
  }
  override values(): MapIterator<unknown> {
    this.fill();
    return super.values();
  }
  override entries(): MapIterator<[string, unknown]> {
    this.fill();
    return super.entries();
  }
  override [Symbol.iterator](): MapIterator<[string, unknown]> {
    return this.entries();
  }
  override forEach(fn: (value: unknown, key: string, map: Map<string, unknown>) => void, thisArg?: unknown): void {
    this.fill();
    super.forEach(fn, thisArg);
  }
}

interface MiniSearchInternals {
  _documentCount: number;
  _nextId: number;
  _documentIds: Pick<Map<number, unknown>, 'has' | 'get'>;
  _fieldIds: Record<string, number>;
  _fieldLength: Pick<Map<number, number[]>, 'get'>;
  _avgFieldLength: number[];
  _index: { _tree: Tree; set(term: string, data: unknown): unknown };
}

interface SearchableMapLike {
  _tree: Tree;
  set(term: string, data: unknown): unknown;
}

/**
 * Loads a compact index. MiniSearch has no public hook for lazy postings or a prebuilt tree, so this fills its
 * internals directly, as its own loadJS does (tested against the pinned version: results equal those of
 * MiniSearch.loadJS on the same index). Search-only: search reads document ids and field lengths with `has`/`get`
 * alone, so those are views over the stored arrays; adding, removing or a wildcard query would need real Maps.
 */
export function loadCompact<T>(ci: CompactIndex, options: Options<T>): MiniSearch<T> {
  const ms = new MiniSearch<T>(options);
  const internals = ms as unknown as MiniSearchInternals;
  const fields = Object.keys(ci.fieldIds).length;
  const { ids } = ci;
  // Preallocated: filled at random ids, a growing array would turn into a slow dictionary.
  const lengths = new Array<number[] | undefined>(ids.length);
  internals._documentCount = ci.documentCount;
  internals._nextId = ci.nextId;
  internals._documentIds = { has: (d) => d >= 0 && d < ids.length, get: (d) => ids[d] };
  internals._fieldIds = ci.fieldIds;
  // One small array per document only once a query reaches it.
  internals._fieldLength = {
    get: (d) => (d >= 0 && d < ids.length ? (lengths[d] ??= ci.fieldLength.slice(d * fields, (d + 1) * fields)) : undefined),
  };
  internals._avgFieldLength = ci.averageFieldLength;
  if (ci.terms === '') return ms;
  const terms = ci.terms.split(SEP);
  const postings = ci.postings.split(SEP);
  if (postings.length !== terms.length) throw new Error(`docs index: ${terms.length} terms but ${postings.length} postings`);
  const SearchableMap = internals._index.constructor as new () => SearchableMapLike;
  const insertAll = (entries: [string, unknown][]): Tree => {
    const map = new SearchableMap();
    for (const [k, v] of entries) map.set(k, v);
    return map._tree;
  };
  internals._index._tree = new LazyNode({ terms, postings, insertAll }, 0, terms.length, 0);
  return ms;
}
