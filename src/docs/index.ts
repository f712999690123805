// Docs search: a prebuilt MiniSearch over documentation sections, loaded on first use.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import MiniSearch, { type Options } from 'minisearch';
import { ConfigError, errorMessage } from '../errors.js';

export interface DocSection {
  id: string;
  title: string;
  url: string;
  section: string;
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

export const DOCS_OPTIONS: Options<DocSection> = {
  fields: ['title', 'section', 'text'],
  storeFields: ['title', 'url', 'section', 'text'],
  searchOptions: { boost: { title: 3, section: 2, text: 1 }, prefix: (t) => t.length > 3, fuzzy: (t) => (t.length > 4 ? 0.2 : false) },
};

export interface DocsData {
  formatVersion: number;
  index: unknown;
}

export function snippet(text: string, query: string, size = 400): string {
  const words = query.toLowerCase().split(/\W+/).filter((w) => w.length > 2);
  const lower = text.toLowerCase();
  let at = 0;
  for (const w of words) {
    const i = lower.indexOf(w);
    if (i >= 0) {
      at = i;
      break;
    }
  }
  const start = Math.max(0, at - Math.floor(size / 3));
  const s = text.slice(start, start + size).trim();
  return `${start > 0 ? '…' : ''}${s}${start + size < text.length ? '…' : ''}`;
}

export function createDocsIndex(ms: MiniSearch<DocSection>): DocsIndex {
  return {
    size: ms.documentCount,
    search(query, limit) {
      return ms.search(query).slice(0, limit).map((r) => ({
        title: String(r.title),
        url: String(r.url),
        section: String(r.section),
        snippet: snippet(String(r.text), query),
      }));
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
  return createDocsIndex(MiniSearch.loadJS<DocSection>(data.index as Parameters<typeof MiniSearch.loadJS>[0], DOCS_OPTIONS));
}
