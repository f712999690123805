import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { compactIndex, loadCompact } from '../../src/docs/compact.js';
import { SECTION_OPTIONS, type SectionDoc } from '../../src/docs/types.js';

const docs: SectionDoc[] = [
  { id: 0, heading: 'Rate limiting', text: 'Limit how many requests a consumer can make. Rate limits per consumer.' },
  { id: 1, heading: 'Caching', text: 'Cache responses from the upstream service to cut latency.' },
  { id: 12, heading: 'Authentication', text: 'Key authentication and OpenID Connect protect a route; constructor is just a word here.' },
];

describe('compact index', () => {
  const plain = new MiniSearch<SectionDoc>(SECTION_OPTIONS);
  plain.addAll(docs);
  const json = JSON.parse(JSON.stringify(plain.toJSON())) as ReturnType<typeof plain.toJSON>;
  const loaded = loadCompact<SectionDoc>(JSON.parse(JSON.stringify(compactIndex(json))) as ReturnType<typeof compactIndex>, SECTION_OPTIONS);
  const reference = MiniSearch.loadJS<SectionDoc>(json, SECTION_OPTIONS);

  it('gives the same results and scores as the plain MiniSearch index, with prefix and fuzzy matching', () => {
    for (const q of ['rate limit consumer', 'cach', 'authentcation', 'constructor', 'upstream latency', 'nothing']) {
      const opts = { prefix: true, fuzzy: 0.2 };
      expect(loaded.search(q, opts)).toEqual(reference.search(q, opts));
    }
  });
});
