import { describe, expect, it } from 'vitest';
import { stem, stemDerivational, withoutFinalS } from '../../src/text/stem.js';

const oneStem = (words: string[], derivational = false): number => new Set(words.map(derivational ? stemDerivational : stem)).size;

describe('stem', () => {
  it('folds plurals, -ing, -ed and a final e to one form', () => {
    for (const family of [
      ['route', 'routes', 'routing', 'routed'],
      ['policy', 'policies'],
      ['enable', 'enabled', 'enabling'],
      ['cache', 'caches', 'caching', 'cached'],
      ['mapping', 'mappings', 'map'],
      ['plan', 'plans', 'planned'],
      ['name', 'names', 'named', 'naming'],
      ['scope', 'scopes', 'scoped'],
      ['proxy', 'proxies', 'proxied', 'proxying'],
      ['cookie', 'cookies'],
      ['box', 'boxes'],
    ]) {
      expect(oneStem(family), family.join()).toBe(1);
    }
    expect(stem('status')).toBe('status');
    expect(stem('add')).toBe(stem('added'));
  });

  it('keeps a short consonant-vowel-consonant word apart from the word without its e', () => {
    expect(stem('planes')).toBe('plane');
    expect(stem('plans')).toBe('plan');
    expect(stem('nodes')).toBe('node');
    expect(stem('state')).not.toBe(stem('stat'));
  });

  it('folds the plural of a three-letter acronym in operation search only ("APIs" meets "API")', () => {
    expect(stem('apis')).toBe(stem('api'));
    expect(stem('snis')).toBe(stem('sni'));
    expect(stemDerivational('apis')).toBe('apis');
    expect(stem('analysis')).toBe('analysis');
  });

  it('keeps words with digits whole, except a plural status', () => {
    expect(['502s', '5xxs', 'oauth2', 'k8s', 'p99'].map((w) => stem(w))).toEqual(['502', '5xx', 'oauth2', 'k8s', 'p99']);
  });

  it('folds -ation, -ification, -ize, -ment and -ness only in stemDerivational', () => {
    for (const family of [
      ['configure', 'configuration', 'configuring'],
      ['authenticate', 'authentication', 'authenticating'],
      ['authorize', 'authorization', 'authorized'],
      ['specify', 'specification', 'specified'],
      ['deploy', 'deployment', 'deployments'],
      ['ready', 'readiness'],
    ]) {
      expect(oneStem(family, true), family.join()).toBe(1);
      expect(oneStem(family), family.join()).toBeGreaterThan(1);
    }
    // "specification" is not "specific", nor "notification" a "notified" event subscription without the option.
    expect(stemDerivational('specification')).not.toBe(stemDerivational('specific'));
    expect(stem('notification')).not.toBe(stem('notified'));
  });
});

describe('withoutFinalS', () => {
  it('meets the plurals stem keeps with their singular, for comparing on both sides', () => {
    expect(withoutFinalS(stem('apis'))).toBe(withoutFinalS(stem('api')));
    expect(withoutFinalS(stem('statuses'))).toBe(withoutFinalS(stem('status')));
    expect(withoutFinalS('cps')).toBe('cps');
  });
});
