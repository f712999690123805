import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import type { ToolDeps } from '../../src/deps.js';
import { handle, inputSchema, renderDocs } from '../../src/tools/search-docs.js';
import { fixtureDocsIndex } from '../helpers/docs-corpus.js';

function deps(docs: ToolDeps['docs']): ToolDeps {
  return {
    config: parseConfig({}).config,
    catalog: () => Promise.reject(new Error('not used')),
    docs,
    send: undefined,
    version: '0.0.0',
    log: () => undefined,
  };
}

describe('search_docs tool', () => {
  const index = fixtureDocsIndex();

  it('returns structured results and a text form with title, section, URL and snippet', async () => {
    const res = await handle({ query: 'cache status bypass', limit: 2 }, deps(() => Promise.resolve(index)));
    expect(res.isError).toBeFalsy();
    const results = (res.structuredContent as { results: { url: string; section: string }[] }).results;
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({ url: 'https://developer.konghq.com/plugins/demo-cache/#cache-status', section: 'Cache status' });
    expect(res.content[0]!.text).toMatch(/^Demo Cache › Cache status\nhttps:\/\/developer\.konghq\.com\/plugins\/demo-cache\/#cache-status\n/);
  });

  it('says so when nothing matches', () => {
    expect(renderDocs({ results: [] })).toMatch(/No documentation matched/);
  });

  it('returns an error naming the next step when the index cannot load', async () => {
    const res = await handle({ query: 'cache' }, deps(() => Promise.reject(new ConfigError('cannot load the docs index. Run npm run build.'))));
    expect(res.isError).toBe(true);
    expect(res.content[0]!.text).toMatch(/\[CONFIG\].*npm run build/);
  });

  it('rejects an empty query and a limit out of range', () => {
    expect(inputSchema.safeParse({ query: '' }).success).toBe(false);
    expect(inputSchema.safeParse({ query: 'x', limit: 21 }).success).toBe(false);
    expect(inputSchema.parse({ query: 'x' }).limit).toBe(5);
  });

  it('reads a result URL as text, and says how to continue', async () => {
    const res = await handle({ url: 'https://developer.konghq.com/plugins/demo-cache/#cache-status' }, deps(() => Promise.resolve(index)));
    expect(res.isError).toBeFalsy();
    const out = res.structuredContent as { results: { section: string }[]; text: string; next?: string };
    expect(out.results[0]!.section).toBe('Cache status');
    expect(out.text).toMatch(/^## Cache status/);
    expect(res.content[0]!.text).toMatch(/^Demo Cache › Cache status\nhttps:\/\/developer\.konghq\.com\/plugins\/demo-cache\/#cache-status\n\n## Cache status/);
    expect(renderDocs({ results: [{ title: 'T', url: 'https://x/', section: '' }], text: 'a', next: '1.2.0' })).toMatch(/url "https:\/\/x\/" and next "1\.2\.0"/);
  });

  it('refuses a query past 2,000 characters with how to ask instead, and reads one of 2,000', async () => {
    const long = await handle({ query: 'cache '.repeat(400) }, deps(() => Promise.resolve(index)));
    expect(long.isError).toBe(true);
    expect(long.content[0]!.text).toMatch(/^\[INVALID_INPUT\] The query is 2400 characters; at most 2000 are read\. Ask in a sentence/);
    const most = await handle({ query: 'cache status '.repeat(153).slice(0, 2000) }, deps(() => Promise.resolve(index)));
    expect(most.isError).toBeFalsy();
  });

  it('wants query or url, not both, and next only with url', async () => {
    expect(inputSchema.safeParse({}).success).toBe(false);
    expect(inputSchema.safeParse({ query: 'x', url: 'https://x/' }).success).toBe(false);
    const res = await handle({ query: 'cache', next: '1.0.0' }, deps(() => Promise.resolve(index)));
    expect(res.isError).toBe(true);
    expect(res.content[0]!.text).toMatch(/same url/);
  });

  it('searches with words that are also names of object properties', async () => {
    const res = await handle({ query: 'constructor prototype __proto__ toString cache' }, deps(() => Promise.resolve(index)));
    expect(res.isError).toBeFalsy();
  });
});
