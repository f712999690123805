import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '../../src/search/query.js';
import { headFactor, nameFitFactors, nameWords, opShapes, RANK, rankFactor, resourceHeads, summaryCoverage } from '../../src/search/rank.js';
import { compileVocabulary, type VocabularyData } from '../../src/search/vocabulary.js';
import { operationKey, type HttpMethod, type Operation } from '../../src/catalog/types.js';
import { operation } from '../helpers/operations.js';

const op = (method: HttpMethod, path: string, operationId: string, summary: string): Operation =>
  operation({ api: 'api-builder', apiKey: 'api-builder@v3', method, path, operationId, summary });

const vocabSource: VocabularyData = {
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
};
const vocab = compileVocabulary(vocabSource);

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

describe('summaryCoverage', () => {
  it('reads an operation\'s summary words under each vocabulary, not under the first one it met', () => {
    const publication = op('DELETE', '/apis/{apiId}/publications/{portalId}', 'delete-publication', 'Delete API Publication');
    const apiIsStop = compileVocabulary({ ...vocabSource, stopWords: [...vocabSource.stopWords, 'api'] });
    const q = analyzeQuery('delete a publication', vocab);
    expect(summaryCoverage(publication, q, vocab)).toBe(0.5);
    expect(summaryCoverage(publication, q, apiIsStop)).toBe(1);
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

  it('reads an acronym in the query the same whatever its plural ("apis" covers a name\'s "api")', () => {
    const rivals = [{ op: byApi, score: 10 }, { op: byPackage, score: 10 }];
    const plural = nameFitFactors(rivals, analyzeQuery('delete the publication of my apis', vocab), vocab, shapes);
    expect(plural).toEqual(nameFitFactors(rivals, analyzeQuery('delete the publication of my api', vocab), vocab, shapes));
  });

  it('counts a specific verb in a rival\'s name ("move") that the query does not say against it', () => {
    const withMove = compileVocabulary({ ...vocabSource, intents: [...vocabSource.intents, { name: 'create', words: ['create', 'add'], methods: { POST: 1 }, wordWeight: 0.2 }, { name: 'update', words: ['move'], methods: { POST: 1 }, wordWeight: 1 }] });
    const create = op('POST', '/apis/{apiId}/documents', 'create-api-document', 'Create API Document');
    const move = op('POST', '/apis/{apiId}/documents/move', 'move-api-document', 'Move API Document');
    const own = opShapes(new Map([create, move].map((o) => [operationKey(o), o])));
    const [a, b] = nameFitFactors([{ op: create, score: 10 }, { op: move, score: 10 }], analyzeQuery('add a document to an api', withMove), withMove, own);
    expect(a).toBe(1);
    expect(b).toBeLessThan(1);
    // Said, the verb covers the name like any other word.
    expect(nameFitFactors([{ op: create, score: 10 }, { op: move, score: 10 }], analyzeQuery('move a document of an api', withMove), withMove, own)[1]).toBe(1);
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

describe('rankFactor: choosing among siblings', () => {
  const gw = (method: HttpMethod, path: string, operationId: string, summary: string): Operation => ({ ...op(method, path, operationId, summary), api: 'control-planes-config', apiKey: 'control-planes-config@v2' });
  const words = compileVocabulary({
    stopWords: ['a', 'an', 'the', 'of', 'out', 'across', 'is', 'this', 'my', 'who', 'am', 'in', 'as'],
    weights: {},
    aliases: [],
    intents: [
      { name: 'delete', words: ['delete', 'kick', 'remove'], methods: { DELETE: 1, POST: 0.3 }, wordWeight: 0.2 },
      { name: 'create', words: ['create'], methods: { POST: 1 }, wordWeight: 0.2 },
      { name: 'list', words: ['list', 'which'], methods: { GET: 1 }, shape: 'collection', wordWeight: 0 },
    ],
    analytics: { apis: [], means: '', strong: [], weak: [] },
    apiKeywords: {},
    apiScopes: {},
  });
  /** How much more the query favours `a` than `b`. */
  const ratio = (a: Operation, b: Operation, query: string): number => {
    const q = analyzeQuery(query, words);
    return rankFactor(a, q, words) / rankFactor(b, q, words);
  };

  it('favours an operation on all of a collection when the query says all, and lowers it otherwise', () => {
    const removeAll = gw('DELETE', '/consumer_groups/{groupId}/consumers', 'remove-all-consumers-from-consumer-group', 'Remove consumers from consumer group');
    const removeOne = gw('DELETE', '/consumer_groups/{groupId}/consumers/{consumerId}', 'remove-consumer-from-group', 'Remove consumer from consumer group');
    expect(ratio(removeAll, removeOne, 'kick everyone out of the trial consumer group')).toBeCloseTo(1 + RANK.bulk);
    expect(ratio(removeAll, removeOne, 'delete consumer bob from the consumer group')).toBeCloseTo(RANK.bulkUnasked);
  });

  it('lowers an operation under one parent when the query asks across all of them', () => {
    const nested = gw('GET', '/cp/{cpId}/consumers/{consumerId}/basic-auth', 'list-basic-auth-with-consumer', 'List Basic-auth credentials of a Consumer');
    const all = gw('GET', '/cp/{cpId}/basic-auths', 'list-basic-auth', 'List all Basic-auth credentials');
    expect(ratio(nested, all, 'which basic-auth credentials exist across all consumers')).toBeCloseTo(RANK.quantifiedParent);
    expect(ratio(nested, all, 'list basic-auth credentials of consumer bob')).toBeCloseTo(1);
  });

  it('favours a status or verify operation for a yes/no question about a thing, and lowers it for other queries', () => {
    const status = gw('GET', '/nodes/{nodeId}/status', 'get-node-status', 'Get Node Status');
    const nodes = gw('GET', '/nodes', 'list-nodes', 'List Nodes');
    expect(ratio(status, nodes, 'is this node up?')).toBeCloseTo(1 + RANK.state);
    expect(ratio(status, nodes, 'nodes')).toBeCloseTo(RANK.stateUnasked);
    // Naming the state word itself is asking for it.
    expect(ratio(status, nodes, 'node status')).toBeCloseTo(1);
  });

  it('favours the caller\'s own account when the query speaks of "I"', () => {
    const me = gw('GET', '/users/me', 'get-users-me', 'Get My User Account');
    expect(ratio(me, gw('GET', '/users', 'list-users', 'List Users'), 'who am i logged in as')).toBeCloseTo(1 + RANK.self);
  });

  it('counts a loosely fitting method fully when the operation says the same verb, and not when it creates for a delete', () => {
    const removeMembers = gw('POST', '/cp/{cpId}/group-memberships/remove', 'post-group-memberships-remove', 'Remove Control Plane Group Members');
    const create = gw('POST', '/cp', 'create-control-plane', 'Create Control Plane');
    const drop = gw('DELETE', '/cp/{cpId}', 'delete-control-plane', 'Delete Control Plane');
    expect(ratio(removeMembers, drop, 'remove a control plane from its group')).toBeCloseTo(1);
    expect(ratio(create, drop, 'delete a control plane')).toBeCloseTo(1 / (1 + RANK.intent));
  });

  it('counts a fitting method less when the operation\'s own summary opens with a specific verb of another intent', () => {
    const moving = compileVocabulary({ ...vocabSource, intents: [...vocabSource.intents, { name: 'create', words: ['create'], methods: { POST: 1 }, wordWeight: 0.2 }, { name: 'update', words: ['move'], methods: { POST: 1, PUT: 1 }, wordWeight: 1 }] });
    const move = gw('POST', '/cp/{cpId}/move', 'move-control-plane', 'Move Control Plane');
    const create = gw('POST', '/cp', 'create-control-plane', 'Create Control Plane');
    const q = analyzeQuery('create a control plane', moving);
    expect(rankFactor(move, q, moving) / rankFactor(create, q, moving)).toBeCloseTo((1 + RANK.intent * RANK.otherVerb) / (1 + RANK.intent));
    // A plain verb in the summary ("Create") names no other job.
    const m = analyzeQuery('move a control plane', moving);
    expect(rankFactor(move, m, moving) / rankFactor(create, m, moving)).toBeCloseTo(1);
  });

  it('reads the verb an operation opens with as written, where forms that stem alike mean different things', () => {
    const typed = compileVocabulary({ ...vocabSource, aliases: [{ words: ['removes'], means: 'member' }], intents: [{ name: 'delete', words: ['remove'], methods: { DELETE: 1, POST: 0.3 }, wordWeight: 0.2 }] });
    const said = gw('POST', '/cp/{cpId}/group-memberships/remove', 'post-remove', 'Remove Control Plane Group Members');
    const other = gw('POST', '/cp/{cpId}/group-memberships/remove', 'post-removes', 'Removes Control Plane Group Members');
    const q = analyzeQuery('remove a control plane from its group', typed);
    expect(rankFactor(other, q, typed) / rankFactor(said, q, typed)).toBeCloseTo(1.3 / 2);
  });

  it('lowers changes for a plural noun phrase with no verb, which asks to see', () => {
    const drop = gw('DELETE', '/cp/{cpId}/nodes/{nodeId}', 'delete-node', 'Delete Data Plane Node Record');
    const read = gw('GET', '/cp/{cpId}/nodes/{nodeId}', 'get-node', 'Get a Data Plane Node Record');
    expect(ratio(drop, read, 'dp nodes connected')).toBeCloseTo(RANK.pluralChange);
    expect(ratio(drop, read, 'dp node')).toBeCloseTo(1);
  });

  it('reads a singular path that a PUT or PATCH changes as one thing, and a plural one as a set', () => {
    const getList = gw('GET', '/orgs/{orgId}/ip-allow-list', 'get-ip-allow-list', 'Get the ip allow list');
    const members = gw('GET', '/cp/{cpId}/group-memberships', 'list-group-memberships', 'List Group Memberships');
    const ops = [getList, members, gw('PUT', '/orgs/{orgId}/ip-allow-list', 'put-ip-allow-list', 'Set the ip allow list'), gw('PUT', '/cp/{cpId}/group-memberships', 'put-group-memberships', 'Upsert Group Members')];
    const own = opShapes(new Map(ops.map((o) => [operationKey(o), o])));
    expect([...own.singletons]).toEqual([getList]);
    // A list intent gives its shape bonus to the set, not to the one thing.
    const q = analyzeQuery('list the ip allow list', words);
    expect(rankFactor(getList, q, words, own)).toBeCloseTo(1 + RANK.intent);
    expect(rankFactor(members, analyzeQuery('list group memberships', words), words, own)).toBeCloseTo((1 + RANK.intent) * (1 + RANK.shape));
  });

  it('treats a parent named only as a kind of what is asked for as not named', () => {
    const byApp = gw('GET', '/portals/{portalId}/applications/{applicationId}/registrations', 'list-registrations-by-application', 'List Registrations by Application');
    const byPortal = gw('GET', '/portals/{portalId}/application-registrations', 'list-registrations', 'List Registrations by Portal');
    expect(ratio(byApp, byPortal, 'list application registrations')).toBeCloseTo(RANK.unnamedParent);
  });
});

describe('headFactor: an instance name after the thing asked for', () => {
  const gw = (method: HttpMethod, path: string, operationId: string): Operation => ({ ...op(method, path, operationId, ''), api: 'control-planes-config', apiKey: 'control-planes-config@v2' });
  const group = gw('DELETE', '/consumer_groups/{groupId}', 'delete-consumer_group');
  const members = gw('DELETE', '/consumer_groups/{groupId}/consumers', 'remove-all-consumers-from-consumer-group');
  const heads = resourceHeads(new Map([group, members, gw('GET', '/consumers', 'list-consumer')].map((o) => [operationKey(o), o])));

  it('reads the last word naming a kind the API has as the head, the word typed before it as its modifier', () => {
    const q = analyzeQuery('delete consumer group beta-testers', vocab);
    expect(headFactor(q, heads)(group)).toBe(1);
    expect(headFactor(q, heads)(members)).toBe(RANK.modifierHead);
  });
});
