// Docs search data: two prebuilt MiniSearch indexes (pages and their sections), loaded on first use; texts read on demand.
import { isAscii } from 'node:buffer';
import { accessSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, errorMessage } from '../errors.js';
import { DEFAULT_RANK, rankedIndex, type RankOptions } from './rank.js';
import { loadCompact } from './compact.js';
import { fileTextSource } from './texts.js';
import {
  DOCS_FORMAT_VERSION,
  DOCS_TEXTS_FILE,
  PAGE_OPTIONS,
  SECTION_OPTIONS,
  type DocsData,
  type DocsIndex,
  type LoadedIndexes,
  type PageDoc,
  type SectionDoc,
  type TextSource,
} from './types.js';

export function loadIndexes(data: DocsData): LoadedIndexes {
  return {
    pages: loadCompact<PageDoc>(data.pageIndex, PAGE_OPTIONS),
    sections: loadCompact<SectionDoc>(data.sectionIndex, SECTION_OPTIONS),
  };
}

/** The searchable index over loaded data; `rank` and `indexes` are for tuning and tests. */
export function createDocsIndex(
  data: DocsData,
  texts: TextSource,
  rank: RankOptions = DEFAULT_RANK,
  indexes: LoadedIndexes = loadIndexes(data),
): DocsIndex {
  return rankedIndex(data, texts, indexes, rank);
}

/**
 * Reads the index. Synchronous (one read of ~2.5 MB, then JSON.parse, which blocks anyway) because each hop to the
 * thread pool costs the first call time on a busy machine. The build writes ASCII only, so it decodes as Latin-1: a
 * one-byte string kept outside the JS heap, which halves what the first call allocates there.
 */
export async function loadDocsIndex(dir: string): Promise<DocsIndex> {
  const file = join(dir, 'docs.json');
  let data: DocsData;
  try {
    const bytes = readFileSync(file);
    if (!isAscii(bytes)) throw new Error('not the ASCII the build writes');
    data = JSON.parse(bytes.toString('latin1')) as DocsData;
    accessSync(join(dir, DOCS_TEXTS_FILE));
  } catch (err) {
    throw new ConfigError(`cannot load the docs index at ${file} (${errorMessage(err)}). Run npm run build.`);
  }
  if (data.formatVersion !== DOCS_FORMAT_VERSION) {
    throw new ConfigError(`the docs index at ${file} has format ${data.formatVersion}, expected ${DOCS_FORMAT_VERSION}. Run npm run build.`);
  }
  return createDocsIndex(data, fileTextSource(join(dir, DOCS_TEXTS_FILE)));
}
