import { describe, expect, it } from 'vitest';
import { buildProductTable, Products, readProductTable } from '../../src/search/products.js';
import { analyzeQuery } from '../../src/search/query.js';
import { RANK, rankFactor } from '../../src/search/rank.js';
import { compileVocabulary } from '../../src/search/vocabulary.js';
import type { Operation } from '../../src/catalog/types.js';
import { operation } from '../helpers/operations.js';

const titles: Record<string, string> = {
  'cards@v1': 'Konnect API Scorecards',
  'old@v2': 'Konnect API Products (Legacy)',
  'new@v3': 'Konnect API Catalog',
  'people@v3': 'Konnect Identity API',
};
const on = (api: string, operationId: string, summary: string, tags: string[], description = ''): Operation =>
  operation({ api, apiKey: `${api}@${api === 'old' ? 'v2' : api === 'cards' ? 'v1' : 'v3'}`, method: 'GET', path: `/${operationId}`, operationId, summary, tags, description });
const ops = [
  on('cards', 'list-scorecards', 'List Scorecards', ['Scorecards']),
  on('cards', 'get-scorecard', 'Get Scorecard', ['Scorecards']),
  on('old', 'list-api-products', 'List API Products', ['API Products']),
  on('new', 'list-apis', 'List APIs', ['API']),
  on('new', 'get-api', 'Get API', ['API'], 'Its users'),
  on('people', 'list-users', 'List Users', ['Users']),
  operation({ api: 'portal', apiKey: 'portal@v3', method: 'GET', path: '/api/v3/developer/me', operationId: 'get-developer-me', summary: 'Get my developer' }),
];
const table = buildProductTable(ops, (k) => titles[k] ?? '', { global: ['people'], custom: ['portal'] });
const vocab = compileVocabulary({
  stopWords: ['a', 'the', 'in', 'which'],
  weights: {},
  aliases: [],
  intents: [],
  analytics: { apis: [], means: '', strong: [], weak: [] },
  apiKeywords: {},
  apiScopes: {},
});
const read = (query: string) => {
  const q = analyzeQuery(query, vocab);
  return new Products(table).read(q.productWords, q.self);
};
/** What the products a query names change in an operation's rank factor. */
const factor = (op: Operation, query: string): number => {
  const q = analyzeQuery(query, vocab);
  return rankFactor(op, q, vocab, undefined, read(query)) / rankFactor(op, q, vocab);
};

describe('buildProductTable', () => {
  it('names an API by a word of its tags that nearly only its operations use', () => {
    expect(table.words.scorecard).toBe('cards');
    // Every API's operations list; users are the people API's, yet another API's description speaks of them.
    expect(table.words.list).toBeUndefined();
    expect(table.words.user).toBeUndefined();
  });

  it('keeps the words of a legacy title that are not in most titles', () => {
    expect(table.legacy).toEqual({ old: ['product'] });
  });

  it('names the user a customer-hosted API is called as by the path before /me', () => {
    expect(table.custom).toEqual({ portal: ['developer'] });
  });

  it('survives the trip through the prebuilt index and reads junk as empty', () => {
    expect(readProductTable(JSON.parse(JSON.stringify(table)))).toEqual(table);
    expect(readProductTable({ legacy: 3, global: 'x', custom: null, words: [] })).toEqual({ legacy: {}, global: [], custom: {}, words: {} });
  });
});

describe('Products.read', () => {
  it('reads the products the query names, not those of an instance name', () => {
    expect([...read('which services fail the readiness scorecard').named]).toEqual(['cards']);
    expect([...read('find anything named scorecard').named]).toEqual([]);
    expect([...read('delete the scorecard-users thing').named]).toEqual([]);
  });

  it('ranks a legacy API lower unless the query names it', () => {
    const legacy = ops.find((o) => o.api === 'old')!;
    expect(factor(legacy, 'upload a spec')).toBeCloseTo(RANK.legacy);
    expect(factor(legacy, 'api product specs')).toBe(1);
  });

  it('leans to the organization\'s own APIs when the query says konnect', () => {
    const users = ops.find((o) => o.api === 'people')!;
    expect(factor(users, 'remove bob from konnect')).toBeCloseTo(1 + RANK.organization);
    expect(factor(users, 'remove bob')).toBe(1);
  });

  it('ranks an API called as a portal developer lower unless the query speaks as one', () => {
    const portal = ops.find((o) => o.api === 'portal')!;
    expect(factor(portal, 'who is logged in')).toBeCloseTo(RANK.outsider);
    expect(factor(portal, 'who is the logged in developer')).toBe(1);
    expect(factor(portal, 'my profile')).toBe(1);
  });
});
