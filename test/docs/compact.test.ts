import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { compactIndex, loadCompact, type CompactIndex } from '../../src/docs/compact.js';
import { SECTION_OPTIONS, type SectionDoc } from '../../src/docs/types.js';

const docs: SectionDoc[] = [
  { id: 0, heading: 'Rate limiting', text: 'Limit how many requests a consumer can make. Rate limits per consumer.' },
  { id: 1, heading: 'Caching', text: 'Cache responses from the upstream service to cut latency.' },
  { id: 12, heading: 'Authentication', text: 'Key authentication and OpenID Connect protect a route; constructor is just a word here.' },
  { id: 13, heading: 'Authorization', text: 'Authorize an author with authority: auth, authz, authn, OAuth and Authorization headers.' },
];

describe('compact index', () => {
  const plain = new MiniSearch<SectionDoc>(SECTION_OPTIONS);
  plain.addAll(docs);
  const json = JSON.parse(JSON.stringify(plain.toJSON())) as ReturnType<typeof plain.toJSON>;
  const compact = JSON.parse(JSON.stringify(compactIndex(json))) as CompactIndex;
  const reference = MiniSearch.loadJS<SectionDoc>(json, SECTION_OPTIONS);
  const queries = ['rate limit consumer', 'cach', 'authentcation', 'auth', 'authoriz', 'constructor', 'upstream latency', 'nothing'];
  const opts = { prefix: true, fuzzy: 0.2 };

  it('gives the same results and scores as the plain MiniSearch index, with prefix and fuzzy matching', () => {
    const loaded = loadCompact<SectionDoc>(compact, SECTION_OPTIONS);
    for (const q of queries) expect(loaded.search(q, opts)).toEqual(reference.search(q, opts));
    // Again once the parts of the term tree and the postings those queries used are built.
    for (const q of queries) expect(loaded.search(q, opts)).toEqual(reference.search(q, opts));
  });

  it('gives the same results when its terms are not in the order MiniSearch writes them', () => {
    const terms = compact.terms.split('\n');
    const postings = compact.postings.split('\n');
    const order = terms.map((_, i) => i).sort((a, b) => (a % 3) - (b % 3) || b - a);
    const shuffled = { ...compact, terms: order.map((i) => terms[i]).join('\n'), postings: order.map((i) => postings[i]).join('\n') };
    const loaded = loadCompact<SectionDoc>(shuffled, SECTION_OPTIONS);
    for (const q of queries) expect(loaded.search(q, opts).map((r) => [r.id, r.score])).toEqual(reference.search(q, opts).map((r) => [r.id, r.score]));
  });

  it('refuses a term it could not store, and postings that do not match the terms', () => {
    expect(() => compactIndex({ ...json, index: [['two\nlines', {}]] })).toThrow(/line break/);
    expect(() => loadCompact<SectionDoc>({ ...compact, postings: '' }, SECTION_OPTIONS)).toThrow(/terms but 1 postings/);
  });
});
