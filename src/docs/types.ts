// Shared by the build step (src/docs/build/) and the runtime index: stored form, index fields, result shape.
import type MiniSearch from 'minisearch';
import type { Options, SearchOptions } from 'minisearch';
import type { CompactIndex } from './compact.js';
import { processTerm } from './terms.js';
import { splitTokens } from '../text/words.js';

// Bump when the stored form or the text analysis (src/text/stem.ts, words.ts) changes: queries must stem as the index did.
export const DOCS_FORMAT_VERSION = 7;
/** Section texts, read on demand (snippets, reading) so loading the index parses less. */
export const DOCS_TEXTS_FILE = 'docs-texts.txt';

/** What a page is about: its front matter and the text before its first heading. */
export interface PageDoc {
  id: number;
  title: string;
  keywords: string;
  questions: string;
  description: string;
  intro: string;
  /** How other pages' related_resources name this page. */
  related: string;
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

/** A part of a page, for reading: whole section (or page), or the next part of a long one. */
export interface DocText {
  title: string;
  url: string;
  /** Heading of the section read, '' for a whole page. */
  section: string;
  text: string;
  /** Pass back to continue; absent at the end. */
  next?: string;
}

export interface DocsIndex {
  size: number;
  search(query: string, limit: number): DocResult[];
  read(url: string, next?: string): DocText;
}

/** Bytes [start, start + length) of the texts file, as UTF-8 text. */
export type TextSource = (start: number, length: number) => string;

/** Field positions in a stored page tuple (DocsData.pages). */
export const PAGE = { title: 0, url: 1, description: 2, weight: 3, parent: 4, context: 5 } as const;
/** Field positions in a stored section tuple (DocsData.sections). */
export const SECTION = { page: 0, anchor: 1, heading: 2, offset: 3, snippetBytes: 4, textBytes: 5, level: 6 } as const;

/** Compact stored form: what results and snippets need, nothing else. */
export interface DocsData {
  formatVersion: number;
  /** [title, url, description, ranking weight, parent page index or -1 (examples point at their plugin), product context or ''] */
  pages: [string, string, string, number, number, string][];
  /**
   * [page index, anchor, heading, byte offset in the texts file, bytes of snippet source (whitespace collapsed, capped),
   *  bytes of reading text (code whole, links absolute) that follow it, heading level (0 for the intro)]
   */
  sections: [number, string, string, number, number, number, number][];
  /** Per page, its title's index terms (termSet in rank.ts), space-separated. */
  titleTerms: string[];
  /** Terms in so many sections that looking them up there costs more than it tells; pages still use them. */
  commonTerms: string[];
  pageIndex: CompactIndex;
  sectionIndex: CompactIndex;
}

// Prefix and fuzzy matching are set per query in rank.ts: they skip the most frequent terms.
const SEARCH: SearchOptions = {
  maxFuzzy: 2,
  // Queries arrive as processed terms (see queryTerms).
  tokenize: (q) => q.split(' '),
  processTerm: (t) => t,
};

export const PAGE_OPTIONS: Options<PageDoc> = {
  fields: ['title', 'keywords', 'questions', 'description', 'intro', 'related'],
  storeFields: [],
  tokenize: splitTokens,
  processTerm,
  searchOptions: { ...SEARCH, boost: { title: 4, keywords: 3, questions: 2.5, description: 2, intro: 1, related: 1 } },
};

export const SECTION_OPTIONS: Options<SectionDoc> = {
  fields: ['heading', 'text'],
  storeFields: [],
  tokenize: splitTokens,
  processTerm,
  searchOptions: { ...SEARCH, boost: { heading: 2, text: 1 } },
};

export interface LoadedIndexes {
  pages: MiniSearch<PageDoc>;
  sections: MiniSearch<SectionDoc>;
}
