import { describe, expect, it } from 'vitest';
import type { DocsData } from '../../src/docs/types.js';
import { makeSnippet, SNIPPET_MAX, SNIPPET_MIN } from '../../src/docs/snippet.js';
import { queryTerms } from '../../src/docs/terms.js';

const filler = (n: number): string => Array.from({ length: n }, (_, i) => `Sentence ${i} talks about nothing in particular.`).join(' ');

/** Sections as [page, anchor, heading, text] -> the index data and a text lookup, as makeSnippet takes them. */
function data(sections: [number, string, string, string][]): [DocsData, (id: number) => string] {
  const data: DocsData = {
    formatVersion: 0,
    pages: [['Page', 'https://x/', 'A page about the limits of control planes and many other things.', 1, -1, '']],
    sections: sections.map(([page, anchor, heading]) => [page, anchor, heading, 0, 0, 0, 2]),
    titleTerms: [],
    commonTerms: [],
    pageIndex: undefined as never,
    sectionIndex: undefined as never,
  };
  return [data, (id) => sections[id]![3]];
}

describe('makeSnippet', () => {
  it('cuts 300-500 characters around the matched words, at word boundaries', () => {
    const text = `${filler(20)} The upstream timeout is set with read_timeout on the Gateway Service. ${filler(20)}`;
    const s = makeSnippet(...data([[0, 'a', 'A', text]]), 0, queryTerms('upstream read timeout').terms, '');
    expect(s.length).toBeGreaterThanOrEqual(SNIPPET_MIN);
    expect(s.length).toBeLessThanOrEqual(SNIPPET_MAX);
    expect(s).toContain('The upstream timeout is set with read_timeout');
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
  });

  it('starts at the beginning when the match is near it', () => {
    const s = makeSnippet(...data([[0, 'a', 'A', `Upstream timeouts matter. ${filler(30)}`]]), 0, queryTerms('upstream').terms, '');
    expect(s.startsWith('Upstream timeouts matter.')).toBe(true);
  });

  it('continues a short section with the next sections of the same page', () => {
    const s = makeSnippet(
      ...data([
        [0, 'a', 'A', 'Short section.'],
        [0, 'e', 'Empty', ''],
        [0, 'b', 'Next', filler(12)],
        [1, 'c', 'Other page', 'Never shown.'],
      ]),
      0,
      ['short'],
      '',
    );
    expect(s.startsWith('Short section. Next: Sentence 0')).toBe(true);
    expect(s.length).toBeGreaterThanOrEqual(SNIPPET_MIN);
    expect(s).not.toContain('Never shown');
    expect(s).not.toContain('Empty');
  });

  it('falls back to the description when the page has little text', () => {
    const s = makeSnippet(...data([[0, '', '', 'Tiny.']]), 0, [], 'A page about limits.');
    expect(s).toBe('A page about limits. Tiny.');
  });
});
