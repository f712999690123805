import { describe, expect, it } from 'vitest';
import { processTerm, queryTerms, stem, splitTokens } from '../../src/docs/terms.js';

describe('terms', () => {
  it('joins word families with the stemmer', () => {
    for (const group of [
      ['cache', 'caching', 'cached', 'caches'],
      ['route', 'routes', 'routing'],
      ['configure', 'configuration', 'configuring'],
      ['authenticate', 'authentication', 'authenticating'],
      ['proxy', 'proxies', 'proxying'],
      ['policy', 'policies'],
    ]) {
      expect(new Set(group.map(stem)).size).toBe(1);
    }
  });

  it('keeps plane apart from plan and node apart from nod', () => {
    expect(stem('plane')).not.toBe(stem('plan'));
    expect(stem('planes')).toBe(stem('plane'));
    expect(stem('nodes')).toBe('node');
  });

  it('tokenizes dotted and snake_case names into words', () => {
    expect(splitTokens('config.cache_ttl (X-Cache-Status)')).toEqual(['config', 'cache', 'ttl', 'X', 'Cache', 'Status']);
  });

  it('drops stop words and single letters, and adds camelCase parts', () => {
    expect(processTerm('the')).toBeNull();
    expect(processTerm('s')).toBeNull();
    expect(processTerm('KongPlugin')).toEqual(['kongplugin', 'kong', 'plugin']);
    expect(processTerm('decK')).toEqual(['deck']);
  });

  it('expands shorthand at full weight and synonyms at lower weight', () => {
    const { terms, weights } = queryTerms('DP cannot reach CP, is it down?');
    expect(terms).toEqual(expect.arrayContaining(['dp', 'data', 'plane', 'control', 'outag']));
    expect(weights.get('plane')).toBe(1);
    expect(weights.get('outag')).toBeLessThan(1);
    expect(queryTerms('how do I').terms).toEqual([]);
  });
});
