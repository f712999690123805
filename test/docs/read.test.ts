import { describe, expect, it } from 'vitest';
import { createReader, estimateTokens } from '../../src/docs/read.js';
import { memoryTextSource } from '../../src/docs/texts.js';
import type { DocsData } from '../../src/docs/types.js';
import { ToolInputError } from '../../src/errors.js';
import { fixtureDocsIndex } from '../helpers/docs-corpus.js';

const LIQUID = /\{%|%\}|\{\{\s*(site|page|include)\./;
const HOWTO = 'https://developer.konghq.com/how-to/demo-cache-responses/';
const PLUGIN = 'https://developer.konghq.com/plugins/demo-cache/';

describe('reading a docs page on the fixture corpus', () => {
  const docs = fixtureDocsIndex();

  it('returns the whole page without an anchor, Liquid rendered and links absolute', () => {
    const page = docs.read(HOWTO);
    expect(page).toMatchObject({ title: expect.any(String), url: HOWTO, section: '' });
    expect(page.next).toBeUndefined();
    expect(page.text).toContain('## Enable the plugin');
    expect(page.text).toContain('## Check the cache status');
    expect(page.text).toContain(`Demo Cache plugin (${PLUGIN})`);
    expect(page.text).not.toMatch(LIQUID);
  });

  it('returns one section with an anchor, and accepts a bare path', () => {
    const part = docs.read('/plugins/demo-cache/#cache-status');
    expect(part).toMatchObject({ url: `${PLUGIN}#cache-status`, section: 'Cache status' });
    expect(part.text).toMatch(/^## Cache status/);
    expect(part.text).not.toContain('## Storage');
  });

  it('names the closest known pages for a URL outside the corpus', () => {
    const err = (() => {
      try {
        docs.read('https://developer.konghq.com/plugins/demo-cach/');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ToolInputError);
    expect((err as Error).message).toContain(`Closest known: ${PLUGIN}`);
  });

  it('lists the sections of the page for an unknown anchor', () => {
    expect(() => docs.read(`${PLUGIN}#cache-stats`)).toThrow(/Sections there: #cache-status/);
  });

  it('refuses a next value that belongs to another page', () => {
    expect(() => docs.read(PLUGIN, '99999.0.0')).toThrow(/does not belong/);
  });
});

describe('reading a long page', () => {
  const code = ['```yaml', ...Array.from({ length: 8 }, (_, i) => `key${i}: value ${i}`), '```'].join('\n');
  const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} says something about the gateway and its plugins.`);
  const sections: { heading: string; anchor: string; level: number; full: string }[] = [
    { heading: '', anchor: '', level: 0, full: paragraphs.slice(0, 10).join('\n\n') },
    { heading: 'Config', anchor: 'config', level: 2, full: `${paragraphs[10]}\n\n${code}\n\n${paragraphs.slice(11, 20).join('\n\n')}` },
    { heading: 'Detail', anchor: 'detail', level: 3, full: paragraphs.slice(20, 25).join('\n\n') },
    { heading: 'Other', anchor: 'other', level: 2, full: paragraphs.slice(25).join('\n\n') },
  ];
  let offset = 0;
  const data: DocsData = {
    formatVersion: 0,
    pages: [['Long', 'https://x.test/long/', '', 1, -1, '']],
    sections: sections.map((s) => {
      const start = offset;
      offset += Buffer.byteLength(s.full);
      return [0, s.anchor, s.heading, start, 0, Buffer.byteLength(s.full), s.level];
    }),
    titleTerms: [],
    commonTerms: [],
    pageIndex: undefined as never,
    sectionIndex: undefined as never,
  };
  const budget = 120;
  const read = createReader(data, memoryTextSource(sections.map((s) => s.full).join('')), budget);

  function readAll(url: string): string[] {
    const parts: string[] = [];
    let next: string | undefined;
    do {
      const part = read(url, next);
      parts.push(part.text);
      next = part.next;
    } while (next && parts.length < 100);
    return parts;
  }

  it('pages with next, each part within the budget, losing nothing and keeping code blocks whole', () => {
    const parts = readAll('https://x.test/long/');
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) expect(estimateTokens(p)).toBeLessThanOrEqual(budget);
    const all = parts.join('\n\n');
    for (const p of paragraphs) expect(all).toContain(p);
    expect(parts.some((p) => p.includes(code))).toBe(true);
  });

  it('reads a section with its deeper subsections and stops at the next one of its level', () => {
    const all = readAll('https://x.test/long/#config').join('\n\n');
    expect(all).toContain('### Detail');
    expect(all).toContain(paragraphs[24]);
    expect(all).not.toContain('## Other');
  });
});
