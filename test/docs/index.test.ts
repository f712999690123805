import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDocsIndex } from '../../src/docs/index.js';
import { DOCS_TEXTS_FILE, type DocsIndex } from '../../src/docs/types.js';
import { KonnectMcpError } from '../../src/errors.js';
import { fixtureDocsIndex } from '../helpers/docs-corpus.js';

const LIQUID = /\{%|%\}|\{\{\s*(site|page|include)\./;
const DIST_DOCS = fileURLToPath(new URL('../../dist/docs/', import.meta.url));

describe('docs index on the fixture corpus', () => {
  const docs = fixtureDocsIndex();

  it('returns title, URL with the section anchor, section and snippet', () => {
    const [top] = docs.search('what does cache status Bypass mean', 5);
    expect(top).toMatchObject({ title: 'Demo Cache', url: 'https://developer.konghq.com/plugins/demo-cache/#cache-status', section: 'Cache status' });
    expect(top!.snippet).toContain('Bypass');
  });

  it('points at the page itself when the match is its title and description', () => {
    const [top] = docs.search('Demo Cache', 5);
    expect(top!.url).toBe('https://developer.konghq.com/plugins/demo-cache/');
  });

  it('ranks a plugin page above its own example for the same words', () => {
    const urls = docs.search('demo cache plugin', 5).map((r) => r.url);
    expect(urls.indexOf('https://developer.konghq.com/plugins/demo-cache/')).toBeLessThan(urls.indexOf('https://developer.konghq.com/plugins/demo-cache/examples/basic/'));
  });

  it('finds pages by search alias and by tldr question wording', () => {
    expect(docs.search('response caching', 1)[0]!.url).toMatch(/\/plugins\/demo-cache\//);
    expect(docs.search('how can I cache upstream responses at the gateway', 1)[0]!.url).toBe('https://developer.konghq.com/how-to/demo-cache-responses/');
  });

  it('ranks a Kubernetes-only page below the generic ones unless the query is about Kubernetes', () => {
    const kic = 'https://developer.konghq.com/kubernetes-ingress-controller/proxy-caching/';
    expect(docs.search('cache responses', 5).map((r) => r.url).indexOf(kic)).toBeGreaterThan(0);
    expect(docs.search('cache responses in kubernetes', 5)[0]!.url).toBe(kic);
  });

  it('returns one result per page, at most limit, and nothing for stop words alone', () => {
    const results = docs.search('cache', 2);
    expect(results).toHaveLength(2);
    expect(new Set(results.map((r) => r.url.split('#')[0])).size).toBe(results.length);
    expect(docs.search('how do I', 5)).toEqual([]);
  });

  it('never puts Liquid in a snippet', () => {
    for (const q of ['cache', 'konnect api status', 'memory node', 'ttl']) {
      const results = docs.search(q, 5);
      expect(results.length, `results for "${q}"`).toBeGreaterThan(0);
      for (const r of results) expect(r.snippet).not.toMatch(LIQUID);
    }
  });
});

describe('loadDocsIndex', () => {
  it('explains how to build the index when it is missing', async () => {
    const err = await loadDocsIndex('/nonexistent/docs').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KonnectMcpError);
    expect((err as Error).message).toMatch(/npm run build/);
  });

  it.each([
    ['cut short', '{"formatVersion": '],
    ['not the ASCII the build writes', '{"formatVersion": 0, "pages": [["Café"]]}'],
    ['of an older format', '{"formatVersion": 1}'],
  ])('explains how to rebuild an index file that is %s', async (_, content) => {
    const dir = mkdtempSync(join(tmpdir(), 'docs-index-'));
    writeFileSync(join(dir, 'docs.json'), content);
    writeFileSync(join(dir, DOCS_TEXTS_FILE), '');
    const err = await loadDocsIndex(dir).catch((e: unknown) => e);
    rmSync(dir, { recursive: true });
    expect(err).toBeInstanceOf(KonnectMcpError);
    expect((err as Error).message).toMatch(new RegExp(`${join(dir, 'docs.json')}.*npm run build`));
  });
});

describe('the built index of Kong docs', () => {
  let docs: DocsIndex | undefined;
  // CI always builds the docs, so a missing index fails every test here rather than skipping the suite.
  const built = async (): Promise<DocsIndex> => {
    if (!existsSync(`${DIST_DOCS}docs.json`)) throw new Error(`${DIST_DOCS}docs.json is missing: run npm run build`);
    return (docs ??= await loadDocsIndex(DIST_DOCS));
  };
  const top3 = async (q: string): Promise<string[]> => (await built()).search(q, 3).map((r) => r.url.split('#')[0]!);

  it('answers configuration and troubleshooting questions with the right page in the top 3', async () => {
    expect(await top3('what does the Datakit plugin do')).toContain('https://developer.konghq.com/plugins/datakit/');
    expect(await top3('cache responses at the gateway')).toContain('https://developer.konghq.com/plugins/proxy-cache/');
    expect(await top3('which ports does the gateway listen on')).toContain('https://developer.konghq.com/gateway/network/');
    expect(await top3('data planes reject config with 413 does not fit in LMDB')).toContain(
      'https://developer.konghq.com/support/configuration-does-not-fit-in-lmdb-database-error/',
    );
  });

  it('answers a quoted 401 with a page on Konnect auth errors or token use, not pages that merely use the API', async () => {
    const top = await top3('401 unauthorized Konnect API personal access token');
    expect(top.some((u) => u === 'https://developer.konghq.com/api/errors/' || u === 'https://developer.konghq.com/kongctl/authentication/')).toBe(true);
  });

  it('never puts Liquid in a page read in full', async () => {
    const index = await built();
    for (const url of ['/gateway/network/', '/plugins/openid-connect/', '/api/errors/', '/konnect-platform/compatibility/']) {
      expect(index.read(url).text).not.toMatch(LIQUID);
    }
  });

  it('returns snippets of 300-500 characters without Liquid', async () => {
    const index = await built();
    for (const q of ['rate limiting redis', 'configure OpenID Connect with Okta', 'dedicated cloud gateway AWS peering', 'decK sync']) {
      const results = index.search(q, 5);
      expect(results.length, `results for "${q}"`).toBeGreaterThan(0);
      for (const r of results) {
        expect(r.snippet.length).toBeGreaterThanOrEqual(300);
        expect(r.snippet.length).toBeLessThanOrEqual(500);
        expect(r.snippet).not.toMatch(LIQUID);
      }
    }
  });
});
