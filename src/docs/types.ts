// Shared by the build step (src/docs/build/) and the runtime index: stored form, index fields, result shape.
import type MiniSearch from 'minisearch';
import type { AsPlainObject, Options, SearchOptions } from 'minisearch';
import { processTerm, tokenize } from './terms.js';

export const DOCS_FORMAT_VERSION = 3;

/** What a page is about: its front matter and the text before its first heading. */
export interface PageDoc {
  id: number;
  title: string;
  keywords: string;
  questions: string;
  description: string;
  intro: string;
}

/** One section of a page: its heading and text. */
export interface SectionDoc {
  id: number;
  heading: string;
  text: string;
}

export interface DocResult {
  title: string;
  url: string;
  section: string;
  snippet: string;
}

export interface DocsIndex {
  size: number;
  search(query: string, limit: number): DocResult[];
}

/** Compact stored form: what results and snippets need, nothing else. */
export interface DocsData {
  formatVersion: number;
  /** [title, url, description, ranking weight, parent page index or -1 (examples point at their plugin), product context or ''] */
  pages: [string, string, string, number, number, string][];
  /** [page index, anchor, heading, text (whitespace collapsed, capped)] */
  sections: [number, string, string, string][];
  /** Terms in so many sections that looking them up there costs more than it tells; pages still use them. */
  commonTerms: string[];
  pageIndex: AsPlainObject;
  sectionIndex: AsPlainObject;
}

// Prefix and fuzzy matching are set per query in rank.ts: they skip the most frequent terms.
const SEARCH: SearchOptions = {
  maxFuzzy: 2,
  // Queries arrive as processed terms (see queryTerms).
  tokenize: (q) => q.split(' '),
  processTerm: (t) => t,
};

export const PAGE_OPTIONS: Options<PageDoc> = {
  fields: ['title', 'keywords', 'questions', 'description', 'intro'],
  storeFields: [],
  tokenize,
  processTerm,
  searchOptions: { ...SEARCH, boost: { title: 4, keywords: 3, questions: 2.5, description: 2, intro: 1 } },
};

export const SECTION_OPTIONS: Options<SectionDoc> = {
  fields: ['heading', 'text'],
  storeFields: [],
  tokenize,
  processTerm,
  searchOptions: { ...SEARCH, boost: { heading: 2, text: 1 } },
};

export interface LoadedIndexes {
  pages: MiniSearch<PageDoc>;
  sections: MiniSearch<SectionDoc>;
}
