// Rendered pages -> the serialized docs index (DocsData) and the section texts it points into. Build time only.
import MiniSearch from 'minisearch';
import { DOCS_FORMAT_VERSION, PAGE_OPTIONS, SECTION_OPTIONS, type DocsData, type PageDoc, type SectionDoc } from '../types.js';
import type { RenderedPage } from './page.js';
import { compactIndex } from '../compact.js';
import { termSet } from '../rank.js';

export interface DocsBuildOptions {
  /** Snippet source text is capped: snippets come from the start of long sections. */
  storedMax: number;
  /** Ranking weight of an example page relative to an overview or how-to page. */
  exampleWeight: number;
  /** Terms in more than this share of sections are not looked up in sections at query time. */
  commonShare: number;
}

/** Products whose pages only answer questions that mention them (Kubernetes controllers, the mesh). */
export const CONTEXT_PRODUCTS = ['kic', 'operator', 'mesh'];

/** The product context of a page about Kubernetes or the mesh only, else ''. */
function context(products: string[]): string {
  return products.length > 0 && products.every((p) => CONTEXT_PRODUCTS.includes(p)) ? products[0]! : '';
}

export const DEFAULT_BUILD: DocsBuildOptions = { storedMax: 2000, exampleWeight: 0.5, commonShare: 0.08 };

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Terms found in more than `share` of the documents of a serialized index (and in more than a few dozen). */
function commonTerms(index: ReturnType<MiniSearch['toJSON']>, share: number): string[] {
  const limit = Math.max(index.documentCount * share, 50);
  const out: string[] = [];
  for (const [term, fields] of index.index) {
    const docs = new Set<string>();
    for (const postings of Object.values(fields)) for (const id of Object.keys(postings)) docs.add(id);
    if (docs.size > limit) out.push(term);
  }
  return out.sort();
}

/** The index, and the texts file (UTF-8) its sections point into by byte offset. */
export interface BuiltDocs {
  data: DocsData;
  texts: string;
}

export function buildDocsData(pages: RenderedPage[], opts: DocsBuildOptions = DEFAULT_BUILD): BuiltDocs {
  const pageDocs: PageDoc[] = [];
  const sectionDocs: SectionDoc[] = [];
  const data: Omit<DocsData, 'pageIndex' | 'sectionIndex' | 'commonTerms'> = { formatVersion: DOCS_FORMAT_VERSION, pages: [], sections: [], titleTerms: [] };
  const texts: string[] = [];
  let offset = 0;
  const store = (text: string): number => {
    texts.push(text);
    const bytes = Buffer.byteLength(text);
    offset += bytes;
    return bytes;
  };
  const byUrl = new Map(pages.map((p, i) => [p.url, i]));
  // Incoming related_resources: the words other pages use when they recommend a page.
  const incoming = new Map<string, string[]>();
  for (const p of pages) {
    for (const r of p.related ?? []) {
      const url = r.url.split('#')[0]!;
      if (url !== p.url) incoming.set(url, [...(incoming.get(url) ?? []), r.text]);
    }
  }
  pages.forEach((p, pageIdx) => {
    const parent = p.parentUrl ? (byUrl.get(p.parentUrl) ?? -1) : -1;
    data.pages.push([p.title, p.url, collapse(p.description), p.kind === 'example' ? opts.exampleWeight : 1, parent, context(p.products)]);
    data.titleTerms.push([...termSet(p.title)].join(' '));
    pageDocs.push({
      id: pageIdx,
      title: p.title,
      keywords: p.keywords.join(' ; '),
      questions: p.questions.join(' ; '),
      description: p.description,
      intro: p.sections[0]?.heading === '' ? p.sections[0].text : '',
      related: [...new Set(incoming.get(p.url) ?? [])].join(' ; '),
    });
    for (const s of p.sections) {
      const text = collapse(s.text);
      sectionDocs.push({ id: data.sections.length, heading: s.heading, text: s.text });
      const start = offset;
      const snippetBytes = store(text.length > opts.storedMax ? `${text.slice(0, opts.storedMax)}…` : text);
      data.sections.push([pageIdx, s.anchor, s.heading, start, snippetBytes, store(s.full), s.level]);
    }
  });
  const pageIndex = new MiniSearch<PageDoc>(PAGE_OPTIONS);
  pageIndex.addAll(pageDocs);
  const sectionIndex = new MiniSearch<SectionDoc>(SECTION_OPTIONS);
  sectionIndex.addAll(sectionDocs);
  const sectionJson = sectionIndex.toJSON();
  return {
    data: { ...data, commonTerms: commonTerms(sectionJson, opts.commonShare),
      pageIndex: compactIndex(pageIndex.toJSON()),
      sectionIndex: compactIndex(sectionJson),
    },
    texts: texts.join(''),
  };
}
