// Docs search: two prebuilt MiniSearch indexes (pages and their sections), loaded on first use.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import MiniSearch, { type AsPlainObject, type Options, type SearchOptions } from 'minisearch';
import { ConfigError, errorMessage } from '../errors.js';
import { makeSnippet } from './snippet.js';
import { queryTerms, processTerm, tokenize } from './terms.js';

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
  /** [title, url, description, ranking weight, parent page index or -1 (examples point at their plugin)] */
  pages: [string, string, string, number, number][];
  /** [page index, anchor, heading, text (whitespace collapsed, capped)] */
  sections: [number, string, string, string][];
  /** Terms in so many sections that looking them up there costs more than it tells; pages still use them. */
  commonTerms: string[];
  pageIndex: AsPlainObject;
  sectionIndex: AsPlainObject;
}

const SEARCH: SearchOptions = {
  prefix: (t) => t.length > 3,
  fuzzy: (t) => (t.length > 5 ? 0.15 : false),
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
  // No fuzzy matching in sections: it costs the most there and finds little the pages' fuzzy matches don't.
  searchOptions: { ...SEARCH, fuzzy: false, boost: { heading: 2, text: 1 } },
};

export interface RankOptions {
  /** How much a page's best section adds to the page's own score. */
  sectionWeight: number;
  /** Point at the best section (with its anchor) when it scores at least this share of the page's own score. */
  sectionLinkShare: number;
  /** Share of an example's score its plugin or policy page also gets: examples are evidence for their parent. */
  childCredit: number;
  page: SearchOptions;
  section: SearchOptions;
}

export const DEFAULT_RANK: RankOptions = {
  sectionWeight: 0.6,
  sectionLinkShare: 0.5,
  childCredit: 0.3,
  page: {},
  section: {},
};

interface PageHit {
  page: number;
  own: number;
  best: number;
  bestSection: number;
  score: number;
}

export interface LoadedIndexes {
  pages: MiniSearch<PageDoc>;
  sections: MiniSearch<SectionDoc>;
}

export function loadIndexes(data: DocsData): LoadedIndexes {
  return {
    pages: MiniSearch.loadJS<PageDoc>(data.pageIndex, PAGE_OPTIONS),
    sections: MiniSearch.loadJS<SectionDoc>(data.sectionIndex, SECTION_OPTIONS),
  };
}

export function createDocsIndex(data: DocsData, indexes: LoadedIndexes = loadIndexes(data), rank: RankOptions = DEFAULT_RANK): DocsIndex {
  const first: number[] = [];
  data.sections.forEach(([page], i) => {
    first[page] ??= i;
  });
  const common = new Set(data.commonTerms);
  return {
    size: data.pages.length,
    search(query, limit) {
      const { terms, weights } = queryTerms(query);
      if (terms.length === 0) return [];
      const boostTerm = (t: string): number => weights.get(t) ?? 1;
      const rare = terms.filter((t) => !common.has(t));
      const hits = new Map<number, PageHit>();
      const hitFor = (page: number): PageHit => {
        let hit = hits.get(page);
        if (!hit) {
          hit = { page, own: 0, best: 0, bestSection: first[page] ?? 0, score: 0 };
          hits.set(page, hit);
        }
        return hit;
      };
      for (const r of indexes.pages.search(terms.join(' '), { ...rank.page, boostTerm })) {
        if (data.pages[r.id as number]) hitFor(r.id as number).own = r.score;
      }
      if (rare.length) {
        for (const r of indexes.sections.search(rare.join(' '), { ...rank.section, boostTerm })) {
          const page = data.sections[r.id as number]?.[0];
          if (page === undefined || !data.pages[page]) continue;
          const hit = hitFor(page);
          if (r.score > hit.best) {
            hit.best = r.score;
            hit.bestSection = r.id as number;
          }
        }
      }
      for (const h of hits.values()) h.score = (h.own + rank.sectionWeight * h.best) * (data.pages[h.page]?.[3] ?? 1);
      // An example's match also counts for its plugin page (best example only).
      const credit = new Map<number, number>();
      for (const h of hits.values()) {
        const parent = data.pages[h.page]?.[4] ?? -1;
        if (parent >= 0) credit.set(parent, Math.max(credit.get(parent) ?? 0, h.score));
      }
      for (const [parent, score] of credit) hitFor(parent).score += rank.childCredit * score;
      const ranked = [...hits.values()];
      ranked.sort((a, b) => b.score - a.score);
      return ranked.slice(0, limit).map((h) => {
        const id = h.best > 0 && h.best >= rank.sectionLinkShare * h.own ? h.bestSection : (first[h.page] ?? h.bestSection);
        const [page, anchor, heading] = data.sections[id]!;
        const [title, url, description] = data.pages[page]!;
        return {
          title,
          url: anchor ? `${url}#${anchor}` : url,
          section: heading,
          snippet: makeSnippet(data, id, terms, description),
        };
      });
    },
  };
}

export async function loadDocsIndex(dir: string): Promise<DocsIndex> {
  const file = join(dir, 'docs.json');
  let data: DocsData;
  try {
    data = JSON.parse(await readFile(file, 'utf8')) as DocsData;
  } catch (err) {
    throw new ConfigError(`cannot load the docs index at ${file} (${errorMessage(err)}). Run npm run build.`);
  }
  if (data.formatVersion !== DOCS_FORMAT_VERSION) {
    throw new ConfigError(`the docs index at ${file} has format ${data.formatVersion}, expected ${DOCS_FORMAT_VERSION}. Run npm run build.`);
  }
  return createDocsIndex(data);
}
