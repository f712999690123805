import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { bestFirst, buildIndex, docsOnlyTerms, extendIndex, loadIndex, searchOperations, toSearchDoc, type OperationIndex } from '../../src/search/index.js';
import { bundledVocabulary } from '../../src/search/vocabulary.js';
import { operationKey, type HttpMethod, type Operation, type SearchFilters } from '../../src/catalog/types.js';
import { operation } from '../helpers/operations.js';
import { stem } from '../../src/text/stem.js';

const CP = '/control-planes/{controlPlaneId}/core-entities';

const op = (api: string, method: HttpMethod, path: string, operationId: string, summary: string, extra: Partial<Operation> = {}): Operation =>
  operation({ api, method, path, operationId, summary, description: summary, ...extra });

const OPS: Operation[] = [
  op('control-planes-config', 'GET', `${CP}/routes`, 'list-route', 'List all Routes', { tags: ['Routes'] }),
  op('control-planes-config', 'POST', `${CP}/routes`, 'create-route', 'Create a new Route', { tags: ['Routes'] }),
  op('control-planes-config', 'GET', `${CP}/routes/{RouteId}`, 'get-route', 'Get a Route', { tags: ['Routes'] }),
  op('control-planes-config', 'PUT', `${CP}/routes/{RouteId}`, 'upsert-route', 'Upsert a Route', { tags: ['Routes'] }),
  op('control-planes-config', 'DELETE', `${CP}/routes/{RouteId}`, 'delete-route', 'Delete a Route', { tags: ['Routes'] }),
  op('control-planes-config', 'GET', `${CP}/certificates`, 'list-certificate', 'List all Certificates', { tags: ['Certificates'] }),
  op('control-planes-config', 'DELETE', `${CP}/consumers/{ConsumerId}/key-auth/{KeyAuthId}`, 'delete-key-auth-with-consumer', 'Delete an API-key associated with a Consumer'),
  op('control-planes-config', 'DELETE', `${CP}/consumers/{ConsumerId}/basic-auth/{BasicAuthId}`, 'delete-basic-auth-with-consumer', 'Delete a Basic-auth credential associated with a Consumer'),
  op('control-planes-config', 'DELETE', '/control-planes/{controlPlaneId}/dp-client-certificates/{certificateId}', 'delete-dataplane-certificate', 'Delete DP Client Certificate'),
  op('event-gateway', 'DELETE', '/event-gateways/{gatewayId}/data-plane-certificates/{certificateId}', 'delete-event-gateway-data-plane-certificate', 'Delete Event Gateway DataPlane Certificate'),
  op('control-planes-config', 'GET', '/control-planes/{controlPlaneId}/nodes', 'list-dataplane-nodes', 'List Data Plane Node Records', { tags: ['DP Nodes'] }),
  op('control-planes', 'GET', '/control-planes', 'list-control-planes', 'List Control Planes'),
  op('control-planes', 'DELETE', '/control-planes/{controlPlaneId}', 'delete-control-plane', 'Delete Control Plane'),
  op('analytics-metrics', 'POST', '/metrics', 'metrics', 'Query Metrics', { description: 'Retrieve aggregated metrics down to the minute.' }),
  op('identity', 'GET', '/teams', 'list-teams', 'List Teams'),
  op('identity', 'DELETE', '/teams/{teamId}/users/{userId}', 'remove-user-from-team', 'Remove User', { tags: ['Team Membership'] }),
  op('legacy-widgets', 'GET', '/widgets', 'list-widgets-old', 'List Widgets', { deprecated: true }),
  op('widgets', 'GET', '/widgets', 'list-widgets', 'List Widgets'),
  op('gizmos', 'GET', '/gizmos', 'list-gizmos-v1', 'List Gizmos', { apiKey: 'gizmos@v1', latest: false }),
  op('gizmos', 'GET', '/gizmos', 'list-gizmos', 'List Gizmos', { apiKey: 'gizmos@v2' }),
];

const index: OperationIndex = buildIndex(OPS, (key) => key.split('@')[0]!);
const byKey = new Map(OPS.map((o) => [operationKey(o), o]));

function search(query: string, filters: Partial<SearchFilters> = {}, idx = index): string[] {
  return searchOperations(idx, byKey, query, { limit: 10, ...filters }).hits.map((h) => h.op.operationId);
}

describe('searchOperations', () => {
  it('puts the operation whose method matches the verb first', () => {
    expect(search('list routes')[0]).toBe('list-route');
    expect(search('get the details of a route')[0]).toBe('get-route');
    expect(search('create a route')[0]).toBe('create-route');
    expect(search('change a route')[0]).toBe('upsert-route');
    expect(search('delete route')[0]).toBe('delete-route');
    expect(search('tear down a route')[0]).toBe('delete-route');
  });

  it('prefers a listing when the query names only a thing, or asks to get several', () => {
    expect(search('routes')[0]).toBe('list-route');
    expect(search('get routes')[0]).toBe('list-route');
  });

  it('ranks a product-specific API lower when the query does not name the product', () => {
    expect(search('delete a data plane certificate')[0]).toBe('delete-dataplane-certificate');
    expect(search('delete an event gateway data plane certificate')[0]).toBe('delete-event-gateway-data-plane-certificate');
  });

  it('finds words through the Konnect vocabulary', () => {
    expect(search('revoke the api key of a consumer')[0]).toBe('delete-key-auth-with-consumer');
    expect(search('show DP nodes')[0]).toBe('list-dataplane-nodes');
    expect(search('tear down CP')[0]).toBe('delete-control-plane');
  });

  it('tolerates typos', () => {
    expect(search('gateway certficates')[0]).toBe('list-certificate');
    expect(search('delet rout')[0]).toBe('delete-route');
    expect(search('lsit teams')[0]).toBe('list-teams');
  });

  it('corrects a typo as it was typed: a dropped letter first, then swapped letters, then a wrong one', () => {
    const words = [
      op('w', 'POST', '/widgets', 'create-widget', 'Create Widget'),
      op('w', 'POST', '/widgets/{id}/rate', 'rate-widget', 'Rate Widget'),
      op('w', 'GET', '/account', 'get-account', 'Get Account'),
      op('w', 'GET', '/amount', 'get-amount', 'Get Amount'),
      op('w', 'GET', '/vault', 'get-vault', 'Get Vault'),
      op('w', 'PUT', '/value', 'set-value', 'Set Value'),
      op('w', 'GET', '/zone-ingress', 'list-zone-ingress', 'List Zone Ingress'),
    ];
    const built = buildIndex(words, (key) => key);
    for (const idx of [built, loadIndex(JSON.parse(JSON.stringify(built)))]) {
      const fix = (typed: string): string | undefined => idx.correct(stem(typed), typed);
      expect(fix('crate')).toBe(stem('create'));
      expect(fix('acount')).toBe(stem('account'));
      expect(fix('valut')).toBe(stem('vault'));
      // Only the stems are near enough: the specs write "ingress", never "ingresses".
      expect(fix('ingressses')).toBe(stem('ingress'));
    }
  });

  it('mends a three-letter word only by swapping two neighbours ("kye" is key), and leaves a name ("bob") alone', () => {
    const idx = buildIndex([op('w', 'GET', '/keys', 'list-keys', 'List Keys'), op('w', 'GET', '/blobs', 'list-blobs', 'List Blobs')], (key) => key);
    expect(idx.correct(stem('kye'), 'kye')).toBe(stem('key'));
    expect(idx.correct('bob', 'bob')).toBeUndefined();
  });

  it('sends traffic and error questions to analytics', () => {
    expect(search('how many 5xx errors did routes return in the last hour')[0]).toBe('metrics');
    expect(search('p99 latency per route')[0]).toBe('metrics');
  });

  it('understands "take X off the team" as removing a member', () => {
    expect(search('take Alice off the SRE team')[0]).toBe('remove-user-from-team');
  });

  it('ranks deprecated operations and older API versions below current ones', () => {
    const widgets = search('list widgets');
    expect(widgets.indexOf('list-widgets')).toBeLessThan(widgets.indexOf('list-widgets-old'));
    const gizmos = search('list gizmos');
    expect(gizmos.indexOf('list-gizmos')).toBeLessThan(gizmos.indexOf('list-gizmos-v1'));
  });

  it('filters by api slug and by method, case-insensitively for the method', () => {
    expect(search('delete', { api: 'control-planes' })).toEqual(['delete-control-plane']);
    const deletes = search('route', { method: 'delete' });
    expect(deletes.length).toBeGreaterThan(0);
    expect(deletes.every((id) => byKey.get(`control-planes-config@v1#${id}`)?.method === 'DELETE')).toBe(true);
    expect(search('routes', { api: 'no-such-api' })).toEqual([]);
    expect(search('list gizmos', { api: 'gizmos@v1' })).toEqual(['list-gizmos-v1']);
  });

  it('honours the limit and reports the total', () => {
    const res = searchOperations(index, byKey, 'route', { limit: 2 });
    expect(res.hits).toHaveLength(2);
    expect(res.total).toBeGreaterThan(2);
  });

  it('favours operations that change something for a request whose verb only English knows', () => {
    expect(search('keep a route for the checkout page')[0]).toBe('list-route');
    const withVerbs = buildIndex(OPS, (key) => key.split('@')[0]!, { verbs: { usually: 'keep', also: '' } });
    const first = searchOperations(withVerbs, byKey, 'keep a route for the checkout page', { limit: 1 }).hits[0]?.op;
    expect(first?.path).toContain('/routes');
    expect(first?.method).not.toBe('GET');
    expect(search('routes', {}, withVerbs)[0]).toBe('list-route');
    expect(search('keep a route for the checkout page', {}, loadIndex(JSON.parse(JSON.stringify(withVerbs)), withVerbs.vocab))[0]).toBe(
      search('keep a route for the checkout page', {}, withVerbs)[0],
    );
  });

  it('reads a verb the operations name as a noun when no object follows it ("certificates", "certificate the route")', () => {
    // "certificate" stands in for "produce" in "produce policies": an English verb the API uses as a name.
    const withVerbs = buildIndex(OPS, (key) => key.split('@')[0]!, { verbs: { usually: 'certificate keep', also: '' } });
    expect(search('certificate routes', {}, withVerbs)[0]).toBe('list-route');
    expect(searchOperations(withVerbs, byKey, 'certificate the route', { limit: 1 }).hits[0]?.op.method).not.toBe('GET');
    expect(search('keep routes', {}, withVerbs)[0]).not.toBe('list-route');
  });

  it('judges confidence by the best hit\'s own score, not by the lift a request to act gives what changes something', () => {
    // Scores in a window where ×1.5 would lift medium to high.
    const mirrors = [
      op('widgets', 'POST', '/widgets', 'create-widget', 'Keep Widget Mirror'),
      op('widgets', 'GET', '/widgets', 'list-widgets', 'List Widgets'),
      op('widgets', 'GET', '/keep', 'get-keep', 'Get Keepalive'),
    ];
    const keys = new Map(mirrors.map((o) => [operationKey(o), o]));
    const plain = buildIndex(mirrors, (key) => key.split('@')[0]!);
    const withVerbs = buildIndex(mirrors, (key) => key.split('@')[0]!, { verbs: { usually: 'keep', also: '' } });
    const [read, act] = [plain, withVerbs].map((idx) => searchOperations(idx, keys, 'keep widget gadget mirror', { limit: 1 }));
    expect(act!.hits[0]?.op.operationId).toBe('create-widget');
    expect(read!.hits[0]?.op.operationId).toBe('create-widget');
    expect(act!.confidence).toBe(read!.confidence);
  });

  it('returns nothing for a query made only of stop words', () => {
    expect(search('the of a')).toEqual([]);
  });
});

describe('toSearchDoc', () => {
  it('gives a user API named like an object member ("constructor.yaml") no keywords but its own', () => {
    const doc = toSearchDoc(op('constructor', 'GET', '/widgets', 'list-widgets', 'List Widgets'), 'Widgets', bundledVocabulary());
    expect(doc.api).toBe('Widgets constructor ');
  });
});

describe('docsOnlyTerms', () => {
  it('counts a typed word found by prefix only in the docs evidence as found there alone', () => {
    const typed = new Set(['config']);
    expect(docsOnlyTerms(['config', 'rout'], { configur: ['docs'], rout: ['summary', 'docs'] }, typed)).toEqual(new Set(['config']));
    expect(docsOnlyTerms(['config'], { configur: ['docs'], config: ['summary'] }, typed)).toEqual(new Set());
  });

  it('discounts a word found only in the docs evidence, not one found in the allowed values', () => {
    expect(docsOnlyTerms(['deployer', 'admin', 'quickstart'], { deployer: ['values'], admin: ['values', 'docs'], quickstart: ['docs'] }, new Set())).toEqual(new Set(['quickstart']));
    expect(docsOnlyTerms(['deployer'], { deployer: ['docs', 'summary'] }, new Set())).toEqual(new Set());
  });
});

describe('bestFirst', () => {
  const hits = (scores: number[]) => scores.map((score, i) => ({ id: i, score }));
  const sorted = <T extends { score: number }>(xs: T[]): T[] => [...xs].sort((a, b) => b.score - a.score);

  it('puts the k best first as a stable sort does, ties kept in order, and the rest after them as they came', () => {
    const xs = hits([3, 9, 5, 9, 1, 5, 5, 7, 2, 5]);
    const out = [...xs];
    bestFirst(out, 4);
    expect(out.slice(0, 4)).toEqual(sorted(xs).slice(0, 4));
    expect(out.slice(4).map((h) => h.id)).toEqual([0, 4, 5, 6, 8, 9]);
  });

  it('sorts all of a list no longer than k', () => {
    const xs = hits([2, 8, 8, 1]);
    const out = [...xs];
    bestFirst(out, 4);
    expect(out).toEqual(sorted(xs));
  });
});

describe('allowed values as evidence', () => {
  const STATES = ['published', 'unpublished'];
  const ops = [
    op('identity', 'POST', '/users/{userId}/assigned-roles', 'users-assign-role', 'Assign Role', { values: ['Admin', 'Deployer', 'Viewer'] }),
    op('identity', 'GET', '/users', 'list-users', 'List Users'),
    ...['a', 'b', 'c', 'd'].map((x) => op('docs', 'PATCH', `/documents-${x}/{id}`, `update-document-${x}`, 'Update Document', { values: STATES })),
  ];
  const idx = buildIndex(ops, () => '');
  const keys = new Map(ops.map((o) => [operationKey(o), o]));
  const find = (query: string) => searchOperations(idx, keys, query, { limit: 5 });

  it('reaches an operation by a value its body allows, though it counts as evidence, not its own word', () => {
    const res = find('make bob a deployer');
    expect(res.hits[0]?.op.operationId).toBe('users-assign-role');
    expect(res.share?.own).toBe(0);
    expect(res.share?.withDocs).toBeGreaterThan(0);
  });

  it('leaves out a value more than three operations allow', () => {
    expect(find('unpublished').hits).toEqual([]);
  });
});

describe("questions' words as evidence", () => {
  const ops = [
    op('control-planes-config', 'GET', `${CP}/certificates`, 'list-certificate', 'List all Certificates'),
    op('control-planes-config', 'DELETE', `${CP}/routes/{RouteId}`, 'delete-route', 'Delete a Route'),
    op('identity', 'GET', '/users', 'list-users', 'List Users'),
  ];
  const keys = new Map(ops.map((o) => [operationKey(o), o]));
  const asked = new Map([
    [operationKey(ops[0]!), 'padlock padlock expiring'],
    [operationKey(ops[1]!), 'delte delte delte'],
  ]);
  const idx = buildIndex(ops, () => '', { asked });
  const find = (query: string, i = idx) => searchOperations(i, keys, query, { limit: 5 });

  it('reaches an operation by a word only questions used for it, as evidence, not its own word', () => {
    const res = find('padlock');
    expect(res.hits.map((h) => h.op.operationId)).toEqual(['list-certificate']);
    expect(res.share?.own).toBe(0);
    expect(res.share?.withDocs).toBeGreaterThan(0);
    expect(find('padlock', buildIndex(ops, () => '')).hits).toEqual([]);
  });

  it('still mends a typo that questions made, and keeps the words after a round trip', () => {
    expect(idx.correct('delte')).toBe(stem('delete'));
    const loaded = loadIndex(JSON.parse(JSON.stringify(idx.toJSON())));
    expect(loaded.correct('delte')).toBe(stem('delete'));
    expect(find('padlock', loaded).hits[0]?.op.operationId).toBe('list-certificate');
  });
});

describe('index serialization', () => {
  it('loads a serialized index that answers like the original', () => {
    const loaded = loadIndex(JSON.parse(JSON.stringify(index.toJSON())));
    expect(search('gateway certficates', {}, loaded)).toEqual(search('gateway certficates'));
  });

  it('rejects an index built with other fields and says to rebuild', () => {
    const stale = { ...(index.toJSON() as object), fieldIds: { title: 0 } };
    expect(() => loadIndex(stale)).toThrow(ConfigError);
    expect(() => loadIndex(stale)).toThrow(/npm run build/);
  });

  it('keeps the prebuilt product table when only older versions are added, and rederives it for a newer one', () => {
    const latest = OPS.filter((o) => o.latest);
    const prebuilt = buildIndex(latest, (key) => key.split('@')[0]!).toJSON();
    const older = op('scorecards', 'GET', '/scorecards', 'list-scorecards-v1', 'List Scorecards', { apiKey: 'scorecards@v1', latest: false, tags: ['Scorecards'] });
    const withOlder = extendIndex(prebuilt, [...latest, older], (key) => key.split('@')[0]!);
    expect(withOlder.products.json).toEqual(loadIndex(prebuilt).products.json);
    const newer = [older, { ...older, operationId: 'list-scorecards', apiKey: 'scorecards@v2', latest: true }, { ...older, operationId: 'get-scorecard', apiKey: 'scorecards@v2', latest: true }];
    const withNewer = extendIndex(prebuilt, [...latest, ...newer], (key) => key.split('@')[0]!);
    expect(withNewer.products.json.words.scorecard).toBe('scorecards');
    expect(withOlder.products.json.words.scorecard).toBeUndefined();
  });
});
