import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '../../src/search/query.js';
import { headFactor, nameFitFactors, nameWords, opShapes, RANK, rankFactor, resourceHeads } from '../../src/search/rank.js';
import { compileVocabulary } from '../../src/search/vocabulary.js';
import { operationKey, type HttpMethod, type Operation } from '../../src/catalog/types.js';
import { operation } from '../helpers/operations.js';

const op = (method: HttpMethod, path: string, operationId: string, summary: string): Operation =>
  operation({ api: 'api-builder', apiKey: 'api-builder@v3', method, path, operationId, summary });

const vocab = compileVocabulary({
  stopWords: ['a', 'an', 'the', 'from', 'my'],
  weights: {},
  aliases: [],
  intents: [
    { name: 'delete', words: ['delete', 'unpublish'], methods: { DELETE: 1 }, wordWeight: 0.2 },
    { name: 'list', words: ['list'], methods: { GET: 1 }, shape: 'collection', wordWeight: 0 },
  ],
  analytics: { apis: [], means: '', strong: [], weak: [] },
  apiKeywords: {},
  apiScopes: {},
});

const byApi = op('DELETE', '/apis/{apiId}/publications/{portalId}', 'delete-publication', 'Delete Publication');
const byPackage = op('DELETE', '/api-packages/{apiPackageId}/publications/{portalId}', 'delete-api-package-publication', 'Delete API Package Publication');
const listing = op('GET', '/api-packages', 'list-api-packages', 'List API Packages');
const ops = [byApi, byPackage, listing, op('GET', '/portals', 'list-portals', 'List Portals')];
const shapes = opShapes(new Map(ops.map((o) => [operationKey(o), o])));

describe('nameWords', () => {
  it('takes the operationId, summary and path, stemmed, and an acronym once whatever its plural', () => {
    const getApi = op('GET', '/apis/{apiId}', 'get-api', 'Get an API');
    expect(nameWords(getApi)).toEqual(['get', 'api', 'an']);
    expect(nameWords(byPackage)).toEqual(expect.arrayContaining(['delet', 'api', 'packag', 'publication']));
  });
});

describe('nameFitFactors', () => {
  const q = analyzeQuery('delete an api publication from my portal', vocab);

  it('lowers a near-equal rival whose name has rare words the query lacks', () => {
    const [api, pkg] = nameFitFactors([{ op: byApi, score: 10 }, { op: byPackage, score: 10.5 }], q, vocab, shapes);
    expect(api).toBe(1);
    expect(pkg).toBeLessThan(1);
    expect(10.5 * pkg!).toBeLessThan(10);
  });

  it('leaves alone candidates that are far apart, or differ in method or shape', () => {
    expect(nameFitFactors([{ op: byApi, score: 10 }, { op: byPackage, score: 20 }], q, vocab, shapes)).toEqual([1, 1]);
    expect(nameFitFactors([{ op: byApi, score: 10 }, { op: listing, score: 10 }], q, vocab, shapes)).toEqual([1, 1]);
  });

  it('does not count against a name that covers query words its rival lacks', () => {
    const plain = op('DELETE', '/publications/{id}', 'delete-publications', 'Delete Publication');
    const own = opShapes(new Map([...ops, plain].map((o) => [operationKey(o), o])));
    // "api" is in the query and in byPackage's name, not in plain's: byPackage says more, not only more words.
    expect(nameFitFactors([{ op: plain, score: 10 }, { op: byPackage, score: 10 }], q, vocab, own)).toEqual([1, 1]);
  });
});

describe('headFactor', () => {
  const portal = (method: HttpMethod, path: string, operationId: string): Operation => ({ ...op(method, path, operationId, ''), api: 'portal-management', apiKey: 'portal-management@v3' });
  const apps = portal('GET', '/portals/{portalId}/applications', 'list-applications');
  const appDevelopers = portal('GET', '/portals/{portalId}/applications/{applicationId}/developers', 'list-developers-by-application');
  const heads = resourceHeads(new Map([apps, appDevelopers, ...ops].map((o) => [operationKey(o), o])));

  it('lowers an operation on what the query names only as a modifier of what it asks for', () => {
    const q = analyzeQuery('list developer applications', vocab);
    expect(headFactor(q, heads)(apps)).toBe(1);
    expect(headFactor(q, heads)(appDevelopers)).toBe(RANK.modifierHead);
  });

  it('leaves alone an API without the asked-for kind, and queries without modifiers', () => {
    // api-builder has no applications: its publications are not judged by this query's head.
    expect(headFactor(analyzeQuery('list publication applications', vocab), heads)(byApi)).toBe(1);
    expect(headFactor(analyzeQuery('list applications', vocab), heads)(appDevelopers)).toBe(1);
  });
});

describe('rankFactor', () => {
  it('gives a noun phrase with no verb the collection, but not a request to act', () => {
    expect(rankFactor(listing, analyzeQuery('api packages', vocab), vocab)).toBeCloseTo(1 + RANK.defaultList);
    const request = analyzeQuery('bundle three apis into one package', vocab, undefined, (w) => (w === 'bundle' ? 'usually' : undefined));
    expect(request.act).toBe(true);
    expect(rankFactor(listing, request, vocab)).toBe(1);
  });
});
