// Operation search: MiniSearch over meaningful fields. The options must match between build and load.
import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import { operationKey, type Operation } from './types.js';

export interface SearchDoc {
  id: string;
  opid: string;
  summary: string;
  description: string;
  tags: string;
  path: string;
  api: string;
  params: string;
}

/** Splits identifiers on kebab, snake and camelCase boundaries. */
export function splitWords(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_/.{}[\]]+/g, ' ')
    .trim();
}

export function pathWords(path: string): string {
  return splitWords(path.replace(/\{[^}]*\}/g, ' '));
}

export function toSearchDoc(op: Operation, apiTitle: string): SearchDoc {
  return {
    id: operationKey(op),
    opid: splitWords(op.operationId),
    summary: op.summary,
    description: op.description,
    tags: op.tags.join(' '),
    path: pathWords(op.path),
    api: `${apiTitle} ${splitWords(op.api)}`,
    params: op.params.map(splitWords).concat(op.bodyFields.map(splitWords)).join(' '),
  };
}

const STOP = new Set(['a', 'an', 'the', 'of', 'for', 'in', 'on', 'to', 'my', 'our', 'all', 'and', 'or', 'by', 'with', 'from', 'is', 'are', 'be', 'it', 'this', 'that', 'me', 'i', 'we', 'do', 'how', 'can']);

/** Lowercases, drops stop words and folds plurals so "routes" finds "route". */
export function normalizeTerm(term: string): string | null {
  const t = term.toLowerCase();
  if (STOP.has(t)) return null;
  if (t.length > 4 && t.endsWith('ies')) return `${t.slice(0, -3)}y`;
  if (t.length > 4 && /(ses|xes|ches|shes)$/.test(t)) return t.slice(0, -2);
  if (t.length > 3 && t.endsWith('s') && !/(ss|us|is)$/.test(t)) return t.slice(0, -1);
  return t;
}

export const SEARCH_OPTIONS: Options<SearchDoc> = {
  processTerm: normalizeTerm,
  fields: ['opid', 'summary', 'description', 'tags', 'path', 'api', 'params'],
  storeFields: [],
  searchOptions: {
    boost: { opid: 3, summary: 3, path: 2, tags: 1.5, api: 1, description: 0.5, params: 0.3 },
    prefix: (term) => term.length > 3,
    fuzzy: (term) => (term.length > 4 ? 0.2 : false),
    combineWith: 'OR',
  },
};

export function buildIndex(ops: Operation[], apiTitle: (apiKey: string) => string): MiniSearch<SearchDoc> {
  const ms = new MiniSearch<SearchDoc>(SEARCH_OPTIONS);
  ms.addAll(ops.map((op) => toSearchDoc(op, apiTitle(op.apiKey))));
  return ms;
}

export function loadIndex(json: unknown): MiniSearch<SearchDoc> {
  return MiniSearch.loadJS<SearchDoc>(json as Parameters<typeof MiniSearch.loadJS>[0], SEARCH_OPTIONS);
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

export function searchOperations(
  index: MiniSearch<SearchDoc>,
  byKey: Map<string, Operation>,
  query: string,
  filters: SearchFilters,
): { hits: Hit[]; total: number } {
  const method = filters.method?.toUpperCase();
  const results: SearchResult[] = index.search(query, {
    filter: (r) => {
      const op = byKey.get(r.id as string);
      if (!op) return false;
      if (filters.api && op.api !== filters.api) return false;
      if (method && op.method !== method) return false;
      return true;
    },
  });
  const hits = results.map((r) => {
    const op = byKey.get(r.id as string)!;
    // Deprecated and older versions stay findable but rank below current ones.
    const penalty = (op.deprecated ? 0.5 : 1) * (op.latest ? 1 : 0.6);
    return { op, score: r.score * penalty };
  });
  hits.sort((a, b) => b.score - a.score);
  return { hits: hits.slice(0, filters.limit), total: hits.length };
}
