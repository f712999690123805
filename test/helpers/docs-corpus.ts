// The tiny Jekyll corpus under test/fixtures/docs-corpus, rendered and indexed like the real one.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildDocsData } from '../../src/docs/build/build.js';
import { renderCorpus, type CorpusFile } from '../../src/docs/build/corpus.js';
import { createDocsIndex } from '../../src/docs/index.js';
import { memoryTextSource } from '../../src/docs/texts.js';
import type { DocsData, DocsIndex, TextSource } from '../../src/docs/types.js';
import type { RenderedPage } from '../../src/docs/build/page.js';

export const CORPUS_DIR = fileURLToPath(new URL('../fixtures/docs-corpus/', import.meta.url));

export const CORPUS_FILES: CorpusFile[] = [
  { path: 'jekyll.yml', url: '' },
  { path: 'app/_data/products/gateway.yml', url: '' },
  { path: 'app/_data/tools/deck.yml', url: '' },
  { path: 'app/_includes/plugins/storage.md', url: '' },
  { path: 'app/_kong_plugins/demo-cache/index.md', url: 'https://developer.konghq.com/plugins/demo-cache/' },
  { path: 'app/_kong_plugins/demo-cache/examples/basic.yaml', url: 'https://developer.konghq.com/plugins/demo-cache/examples/basic/' },
  { path: 'app/_how-tos/gateway/demo-howto.md', url: 'https://developer.konghq.com/how-to/demo-cache-responses/' },
  { path: 'app/kubernetes-ingress-controller/proxy-caching.md', url: 'https://developer.konghq.com/kubernetes-ingress-controller/proxy-caching/' },
];

export function readCorpusFile(path: string): string | undefined {
  const file = join(CORPUS_DIR, path);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

export function renderFixtureCorpus(): RenderedPage[] {
  return renderCorpus(CORPUS_FILES, { parseYaml: (t) => parse(t), read: readCorpusFile });
}

/** The fixture corpus's index (a JSON round trip, as it ships) and its section texts. */
export function fixtureDocs(): { data: DocsData; texts: TextSource } {
  const built = buildDocsData(renderFixtureCorpus());
  return { data: JSON.parse(JSON.stringify(built.data)) as DocsData, texts: memoryTextSource(built.texts) };
}

export function fixtureDocsIndex(): DocsIndex {
  const { data, texts } = fixtureDocs();
  return createDocsIndex(data, texts);
}
