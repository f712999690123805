import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderCorpus } from '../../../src/docs/build/corpus.js';
import type { RenderedPage } from '../../../src/docs/build/page.js';
import { CORPUS_FILES, readCorpusFile, renderFixtureCorpus } from '../../helpers/docs-corpus.js';

const LIQUID = /\{%|%\}|\{\{\s*(site|page|include)\./;

function page(pages: RenderedPage[], url: string): RenderedPage {
  const p = pages.find((x) => x.url === `https://developer.konghq.com${url}`);
  if (!p) throw new Error(`no page ${url}`);
  return p;
}

describe('renderCorpus on the fixture corpus', () => {
  const pages = renderFixtureCorpus();

  it('renders every page with a URL and skips partials and data files', () => {
    expect(pages.map((p) => new URL(p.url).pathname).sort()).toEqual([
      '/how-to/demo-cache-responses/',
      '/kubernetes-ingress-controller/proxy-caching/',
      '/plugins/demo-cache/',
      '/plugins/demo-cache/examples/basic/',
    ]);
  });

  it('turns front matter into fields with site variables substituted', () => {
    const p = page(pages, '/plugins/demo-cache/');
    expect(p.title).toBe('Demo Cache');
    expect(p.description).toBe('Cache and serve upstream responses from Kong Gateway memory');
    expect(p.keywords).toEqual(['response caching', 'caching']);
    expect(p.questions).toEqual(['Does the Demo Cache plugin work in Konnect?']);
    const howto = page(pages, '/how-to/demo-cache-responses/');
    expect(howto.title).toBe('Cache responses with Kong Gateway');
    expect(howto.questions).toEqual(['How do I cache upstream responses at the gateway?']);
    expect(howto.products).toEqual([]);
    expect(page(pages, '/kubernetes-ingress-controller/proxy-caching/').products).toEqual(['kic']);
  });

  it('opens a how-to with its tldr answer, as the page shows it above the body', () => {
    expect(page(pages, '/how-to/demo-cache-responses/').sections[0]).toEqual({
      heading: '',
      anchor: '',
      level: 0,
      text: 'Enable the Demo Cache plugin on a Gateway Service.',
      full: 'Enable the Demo Cache plugin (https://developer.konghq.com/plugins/demo-cache/) on a Gateway Service.',
    });
  });

  it('splits at headings with Jekyll anchors and adds FAQs as page-level sections', () => {
    const p = page(pages, '/plugins/demo-cache/');
    expect(p.sections.map((s) => [s.heading, s.anchor])).toEqual([
      ['', ''],
      ['Storage', 'storage'],
      ['Cache status', 'cache-status'],
      ['Does the Demo Cache plugin work in Konnect?', ''],
    ]);
    expect(p.sections[3]!.text).toBe('Yes. It runs on every data plane node, so each node keeps its own cache.');
  });

  it('resolves includes with parameters, drops missing ones and removes attribute lines', () => {
    const storage = page(pages, '/plugins/demo-cache/').sections[1]!.text;
    expect(storage).toContain('The Demo Cache plugin keeps cached entities in a shared memory zone of each Kong Gateway node.');
    expect(storage).toContain('Purge them through the `/demo-cache` endpoints of the Admin API.');
    expect(storage).toContain('Memory is per node');
    expect(storage).not.toContain('{:');
  });

  it('renders tables as rows, keeps entity examples and API requests as short code, drops mermaid and validation', () => {
    const p = page(pages, '/plugins/demo-cache/');
    expect(p.sections[2]!.text).toContain('- Value: `Hit`; Meaning: The response was served from the cache.');
    const howto = page(pages, '/how-to/demo-cache-responses/');
    const enable = howto.sections.find((s) => s.anchor === 'enable-the-plugin')!.text;
    expect(enable).toContain('Responses are kept for 300 seconds');
    expect(enable).toContain('- name: demo-cache');
    expect(enable).not.toMatch(/flowchart|Client --> Gateway/);
    const check = howto.sections.find((s) => s.anchor === 'check-the-cache-status')!.text;
    expect(check).toContain('Konnect API\n\nSend the same request twice');
    expect(check).toContain('curl -X GET "https://us.api.konghq.com/v2/control-planes"');
    expect(check).toContain('curl -i http://localhost:8000/anything');
    expect(check).not.toMatch(/status_code|request-check/);
    expect(check).toContain('The second response carries `X-Cache-Status: Hit`. {{ not liquid }} Version 3.15, decK 1.65.2.');
    expect(check).toContain('Works everywhere.');
  });

  it('renders an example from its YAML with the owning plugin and the configuration as dotted keys', () => {
    const ex = page(pages, '/plugins/demo-cache/examples/basic/');
    expect(ex.kind).toBe('example');
    expect(ex.parentUrl).toBe('https://developer.konghq.com/plugins/demo-cache/');
    expect(ex.title).toBe('Demo Cache plugin example: Cache JSON responses for five minutes');
    expect(ex.sections[0]!.text).toBe('config.content_type: application/json\nconfig.cache_ttl: 300');
  });

  it('leaves no Liquid in any title, field or section', () => {
    for (const p of pages) {
      const all = [p.title, p.description, ...p.keywords, ...p.questions, ...p.sections.flatMap((s) => [s.heading, s.text])].join('\n');
      expect(all.replace('{{ not liquid }}', '')).not.toMatch(LIQUID);
    }
  });
});

describe('renderCorpus with a malformed page', () => {
  it('leaves the page out with a warning and renders the others', () => {
    const warnings: string[] = [];
    const broken = 'app/_support/broken.md';
    const pages = renderCorpus([...CORPUS_FILES, { path: broken, url: 'https://developer.konghq.com/support/broken/' }], {
      parseYaml: (t) => parse(t),
      read: (path) => (path === broken ? '---\ntitle: [unclosed\n---\nBody' : readCorpusFile(path)),
      warn: (m) => warnings.push(m),
    });
    expect(pages.map((p) => p.url)).not.toContain('https://developer.konghq.com/support/broken/');
    expect(pages).toHaveLength(4);
    expect(warnings).toEqual([expect.stringMatching(/^left out app\/_support\/broken\.md: /)]);
  });
});
