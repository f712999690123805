// Ranking: pages by their own fields plus their best section, then page-level priors; one result per page.
import type { SearchOptions } from 'minisearch';
import { PAGE, SECTION, type DocResult, type DocsData, type DocsIndex, type LoadedIndexes, type TextSource } from './types.js';
import { createReader } from './read.js';
import { isTroubleshootingPage, queryIntent, type Intent } from './intent.js';
import { makeSnippet, memoTerms } from './snippet.js';
import { processTerm, queryTerms } from './terms.js';
import { splitTokens } from '../text/words.js';

export interface RankOptions {
  /** How much a page's best section adds to the page's own score. */
  sectionWeight: number;
  /** Point at the best section (with its anchor) when it scores at least this share of the page's own score. */
  sectionLinkShare: number;
  /** Share of an example's score its plugin or policy page also gets: examples are evidence for their parent. */
  childCredit: number;
  /** Extra weight for a page whose title words the query uses ("what is a virtual cluster" -> "Virtual clusters"), times coverage squared. */
  titleCoverage: number;
  /** Weight of a Kubernetes or mesh page when the query names neither: generic questions want generic pages. */
  offContext: number;
  /** Weight of an error reference, troubleshooting or support page when the query reports a problem. */
  troubleshooting: number;
  /** Weight of a page whose best section contains a phrase the query quotes. */
  quoted: number;
  page: SearchOptions;
  section: SearchOptions;
}

export const DEFAULT_RANK: RankOptions = {
  sectionWeight: 0.6,
  sectionLinkShare: 0.5,
  childCredit: 0.3,
  titleCoverage: 1,
  offContext: 0.6,
  troubleshooting: 1.5,
  quoted: 2,
  page: {},
  section: {},
};

/** Results taken from each index, best first: enough for any page to reach the top after the priors, and cheaper than all. */
const CANDIDATES = 300;
/** Longest query word given typo matching (fuzzy cost grows with the square of its length). */
const MAX_FUZZY_LENGTH = 64;

/** Words that put a query in a product's context (see CONTEXT_PRODUCTS in build.ts). */
const CONTEXT_WORDS: Record<string, string> = {
  kic: 'kubernetes k8s kic ingress helm kubectl crd crds httproute gateway-api annotation controller',
  operator: 'kubernetes k8s operator ko kgo helm kubectl crd crds',
  mesh: 'mesh kuma zone zones sidecar kumactl',
};

interface PageHit {
  page: number;
  /** Score of the page document (title, keywords, questions, description, intro). */
  own: number;
  /** Score of its best section, and which section. */
  best: number;
  bestSection: number;
  score: number;
}

interface Query {
  intent: Intent;
  terms: string[];
  weights: Map<string, number>;
  /** The user's own words (not synonyms). */
  asked: Set<string>;
}

/** A text's index terms (a page title's are stored at build time as `titleTerms`). */
export function termSet(text: string): Set<string> {
  return new Set(splitTokens(text).flatMap((t) => processTerm(t) ?? []));
}

/** Share of `words` the query uses. */
function coverage(words: Set<string>, asked: Set<string>): number {
  let covered = 0;
  for (const t of words) if (asked.has(t)) covered++;
  return words.size ? covered / words.size : 0;
}

export function rankedIndex(data: DocsData, texts: TextSource, indexes: LoadedIndexes, rank: RankOptions): DocsIndex {
  const firstSection: number[] = [];
  data.sections.forEach(([page], i) => {
    firstSection[page] ??= i;
  });
  const common = new Set(data.commonTerms);
  // Title terms per page come prebuilt (stemming them for each candidate was much of the first call); a set on first use.
  const titleTerms = new Map<number, Set<string>>();
  const titleTermsOf = (page: number): Set<string> => {
    let terms = titleTerms.get(page);
    if (!terms) titleTerms.set(page, (terms = new Set(data.titleTerms[page]?.split(' ').filter(Boolean))));
    return terms;
  };
  const troublePages = new Set<number>();
  data.pages.forEach(([title, url], i) => {
    if (isTroubleshootingPage(url, title)) troublePages.add(i);
  });
  /** Candidates checked for a quoted phrase: reading their text costs a file read each. */
  const PHRASE_CANDIDATES = 30;
  const contextTerms = Object.entries(CONTEXT_WORDS).map(([product, words]) => [product, termSet(words)] as const);
  const termsOf = memoTerms();
  const snippetText = (id: number): string => {
    const [, , , start, bytes] = data.sections[id]!;
    return texts(start, bytes);
  };

  function collectHits(q: Query): Map<number, PageHit> {
    const hits = new Map<number, PageHit>();
    const hitFor = (page: number): PageHit => {
      let hit = hits.get(page);
      if (!hit) hits.set(page, (hit = { page, own: 0, best: 0, bestSection: firstSection[page] ?? 0, score: 0 }));
      return hit;
    };
    const boostTerm = (t: string): number => q.weights.get(t) ?? 1;
    // Prefix ("auth" -> "authentication") and typo matches only for words that are not everywhere anyway: those cost the most.
    const prefix = (t: string): boolean => t.length > 3 && !common.has(t);
    // Typo matching costs time in the word's length squared: words past MAX_FUZZY_LENGTH match exactly.
    const fuzzy = (t: string): number | false => (t.length > 5 && t.length <= MAX_FUZZY_LENGTH && !common.has(t) ? 0.15 : false);
    for (const r of indexes.pages.search(q.terms.join(' '), { prefix, fuzzy, ...rank.page, boostTerm }).slice(0, CANDIDATES)) {
      if (data.pages[r.id as number]) hitFor(r.id as number).own = r.score;
    }
    // Frequent terms are looked up in section headings only: their text postings are long and say little.
    const rare = q.terms.filter((t) => !common.has(t)).join(' ');
    const frequent = q.terms.filter((t) => common.has(t)).join(' ');
    const sectionQuery = {
      combineWith: 'OR' as const,
      queries: [...(rare ? [{ queries: [rare] }] : []), ...(frequent ? [{ queries: [frequent], fields: ['heading'] }] : [])],
    };
    for (const r of indexes.sections.search(sectionQuery, { prefix, ...rank.section, boostTerm }).slice(0, CANDIDATES)) {
      const page = data.sections[r.id as number]?.[SECTION.page];
      if (page === undefined || !data.pages[page]) continue;
      const hit = hitFor(page);
      if (r.score > hit.best) {
        hit.best = r.score;
        hit.bestSection = r.id as number;
      }
    }
    return hits;
  }

  function scorePages(hits: Map<number, PageHit>, q: Query): PageHit[] {
    const inContext = new Set(contextTerms.filter(([, words]) => q.terms.some((t) => words.has(t))).map(([product]) => product));
    for (const h of hits.values()) {
      const [, , , weight, , context] = data.pages[h.page]!;
      const c = coverage(titleTermsOf(h.page), q.asked);
      const contextWeight = context && !inContext.has(context) ? rank.offContext : 1;
      const trouble = q.intent.troubleshooting && troublePages.has(h.page) ? rank.troubleshooting : 1;
      h.score = (h.own + rank.sectionWeight * h.best) * weight * contextWeight * trouble * (1 + rank.titleCoverage * c * c);
    }
    // An example's match also counts for its plugin page (best example only).
    const credit = new Map<number, number>();
    for (const h of hits.values()) {
      const parent = data.pages[h.page]![PAGE.parent];
      if (parent >= 0) credit.set(parent, Math.max(credit.get(parent) ?? 0, h.score));
    }
    for (const [parent, score] of credit) {
      const hit = hits.get(parent);
      if (hit) hit.score += rank.childCredit * score;
      else hits.set(parent, { page: parent, own: 0, best: 0, bestSection: firstSection[parent] ?? 0, score: rank.childCredit * score });
    }
    const ranked = [...hits.values()].sort((a, b) => b.score - a.score);
    if (q.intent.phrases.length === 0) return ranked;
    // A quoted error message found verbatim in the best section is strong evidence.
    for (const h of ranked.slice(0, PHRASE_CANDIDATES)) {
      const text = snippetText(h.bestSection).toLowerCase();
      if (q.intent.phrases.some((p) => text.includes(p))) h.score *= rank.quoted;
    }
    return ranked.sort((a, b) => b.score - a.score);
  }

  function toResult(h: PageHit, q: Query): DocResult {
    // Point at the section when it carries the match; otherwise at the page.
    const id = h.best > 0 && h.best >= rank.sectionLinkShare * h.own ? h.bestSection : (firstSection[h.page] ?? h.bestSection);
    const [page, anchor, heading] = data.sections[id]!;
    const [title, url, description] = data.pages[page]!;
    return { title, url: anchor ? `${url}#${anchor}` : url, section: heading, snippet: makeSnippet(data, snippetText, id, q.terms, description, termsOf) };
  }

  const read = createReader(data, texts);
  return {
    size: data.pages.length,
    read,
    search(query, limit) {
      const intent = queryIntent(query);
      const { terms, weights } = queryTerms(intent.statusWords ? `${query} ${intent.statusWords}` : query);
      if (terms.length === 0) return [];
      const q: Query = { intent, terms, weights, asked: new Set(terms.filter((t) => weights.get(t) === 1)) };
      return scorePages(collectHits(q), q)
        .slice(0, limit)
        .map((h) => toResult(h, q));
    },
  };
}
