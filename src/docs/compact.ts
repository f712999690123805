// A MiniSearch index in a form that loads fast: each term's postings stay one string until a query touches the term.
// JSON.parse of many nested objects, and building a Map per term and field, were most of the first call's cost.
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';

/** Serialized index: MiniSearch's own fields, with `index` replaced by one postings string per term. */
export interface CompactIndex {
  documentCount: number;
  nextId: number;
  documentIds: Record<string, number>;
  fieldIds: Record<string, number>;
  fieldLength: Record<string, number[]>;
  averageFieldLength: number[];
  /** [term, postings]: `field:doc.freq,doc.freq field:...`, doc ids delta-coded, numbers in base 36. */
  terms: [string, string][];
}

export function compactIndex(js: AsPlainObject): CompactIndex {
  const terms: [string, string][] = js.index.map(([term, fields]) => {
    const parts: string[] = [];
    for (const [field, docs] of Object.entries(fields)) {
      let prev = 0;
      const ids = Object.keys(docs)
        .map(Number)
        .sort((a, b) => a - b);
      const postings = ids.map((id) => {
        const out = `${(id - prev).toString(36)}.${docs[id]!.toString(36)}`;
        prev = id;
        return out;
      });
      parts.push(`${field}:${postings.join(',')}`);
    }
    return [term, parts.join(' ')];
  });
  const { documentCount, nextId, documentIds, fieldIds, fieldLength, averageFieldLength } = js;
  return { documentCount, nextId, documentIds, fieldIds, fieldLength, averageFieldLength, terms };
}

function decode(postings: string): Map<number, Map<number, number>> {
  const fields = new Map<number, Map<number, number>>();
  for (const part of postings.split(' ')) {
    const colon = part.indexOf(':');
    const docs = new Map<number, number>();
    let id = 0;
    for (const p of part.slice(colon + 1).split(',')) {
      const dot = p.indexOf('.');
      id += parseInt(p.slice(0, dot), 36);
      docs.set(id, parseInt(p.slice(dot + 1), 36));
    }
    fields.set(Number(part.slice(0, colon)), docs);
  }
  return fields;
}

/** A term's field -> doc -> frequency map, decoded on first read (search reads only `get`). */
class LazyPostings extends Map<number, Map<number, number>> {
  private decoded = false;
  constructor(private readonly postings: string) {
    super();
  }
  private ensure(): void {
    if (this.decoded) return;
    this.decoded = true;
    for (const [k, v] of decode(this.postings)) super.set(k, v);
  }
  override get(field: number): Map<number, number> | undefined {
    this.ensure();
    return super.get(field);
  }
  override get size(): number {
    this.ensure();
    return super.size;
  }
}

interface MiniSearchInternals {
  _index: { set(term: string, data: Map<number, Map<number, number>>): unknown };
}

/**
 * Loads a compact index. MiniSearch has no public hook for lazy postings, so this fills its term map directly
 * (tested against the pinned version: results equal those of MiniSearch.loadJS on the same index).
 */
export function loadCompact<T>(ci: CompactIndex, options: Options<T>): MiniSearch<T> {
  const ms = MiniSearch.loadJS<T>(
    { ...ci, index: [], storedFields: {}, dirtCount: 0, serializationVersion: 2 } as unknown as AsPlainObject,
    options,
  );
  const index = (ms as unknown as MiniSearchInternals)._index;
  for (const [term, postings] of ci.terms) index.set(term, new LazyPostings(postings));
  return ms;
}
