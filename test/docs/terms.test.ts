import { describe, expect, it } from 'vitest';
import { processTerm, queryTerms } from '../../src/docs/terms.js';

describe('terms', () => {
  it('stems with derivational folding, so "configuration" finds "configure"', () => {
    expect(processTerm('Configuration')).toEqual(processTerm('configure'));
    expect(processTerm('planes')).not.toEqual(processTerm('plan'));
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
