import { describe, expect, it } from 'vitest';
import { buildDocsData, DEFAULT_BUILD } from '../../../src/docs/build/build.js';
import type { RenderedPage } from '../../../src/docs/build/page.js';

const page = (url: string, text: string, extra: Partial<RenderedPage> = {}): RenderedPage => ({
  kind: 'page',
  products: [],
  title: 'T',
  url,
  description: 'D',
  keywords: [],
  questions: [],
  sections: [{ heading: '', anchor: '', text, full: `${text}\n(full)`, level: 0 }],
  ...extra,
});

describe('buildDocsData', () => {
  it('stores only what results need, with long section text capped and whitespace collapsed', () => {
    const { data, texts } = buildDocsData([page('https://x/a/', `a \n\n b ${'y'.repeat(50)}`)], { ...DEFAULT_BUILD, storedMax: 20 });
    expect(data.pages).toEqual([['T', 'https://x/a/', 'D', 1, -1, '']]);
    const snippet = `a b ${'y'.repeat(16)}…`;
    const full = `a \n\n b ${'y'.repeat(50)}\n(full)`;
    expect(texts).toBe(snippet + full);
    expect(data.sections).toEqual([[0, '', '', 0, Buffer.byteLength(snippet), full.length, 0]]);
  });

  it('weights examples lower and links them to their plugin page', () => {
    const { data } = buildDocsData([
      page('https://x/plugins/p/', 'plugin'),
      page('https://x/plugins/p/examples/e/', 'example', { kind: 'example', parentUrl: 'https://x/plugins/p/' }),
    ]);
    expect(data.pages[1]!.slice(3)).toEqual([DEFAULT_BUILD.exampleWeight, 0, '']);
  });

  it('marks pages only about Kubernetes controllers or the mesh with that product context', () => {
    const { data } = buildDocsData([page('https://x/k/', 'k', { products: ['kic'] }), page('https://x/g/', 'g', { products: ['gateway', 'kic'] })]);
    expect(data.pages.map((p) => p[5])).toEqual(['kic', '']);
  });

  it('indexes the words other pages use when they recommend a page, not its links to itself', () => {
    const { data } = buildDocsData([
      page('https://x/a/', 'a', { related: [{ text: 'Throttle noisy clients', url: 'https://x/b/#top' }] }),
      page('https://x/b/', 'b', { related: [{ text: 'Self link', url: 'https://x/b/' }] }),
    ]);
    const field = `${data.pageIndex.fieldIds.related}:`;
    const postings = data.pageIndex.postings.split('\n');
    const related = data.pageIndex.terms.split('\n').filter((_, i) => postings[i]!.split(' ').some((p) => p.startsWith(field)));
    expect(related).toEqual(expect.arrayContaining(['throttl', 'noisi', 'client']));
    expect(related).not.toContain('self');
  });
});
