import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildIndex, indexer, loadIndex } from '../../src/search/index.js';
import { buildPluginTable } from '../../src/search/plugin-table.js';
import { readPluginTable, type PluginEntry } from '../../src/search/plugins.js';
import { operationKey, type Hit, type HttpMethod, type Operation, type SearchFilters } from '../../src/catalog/types.js';
import type { RenderedPage } from '../../src/docs/build/page.js';
import { operation } from '../helpers/operations.js';
import { parseConfig } from '../../src/config.js';
import { createDeps } from '../../src/deps.js';
import { CATALOG_DIR, DOCS_DIR } from '../../src/paths.js';

const CP = '/control-planes/{controlPlaneId}/core-entities';

const op = (method: HttpMethod, path: string, operationId: string, summary: string, bodyFields: string[] = [], api = 'control-planes-config'): Operation =>
  operation({ api, apiKey: `${api}@v2`, method, path, operationId, summary, description: summary, bodyFields });

const OPS: Operation[] = [
  op('POST', `${CP}/services`, 'create-service', 'Create a new Gateway Service', ['name', 'host', 'read_timeout']),
  op('PUT', `${CP}/services/{ServiceId}`, 'upsert-service', 'Upsert a Gateway Service', ['name', 'host', 'read_timeout']),
  op('POST', `${CP}/routes`, 'create-route', 'Create a new Route', ['name', 'paths']),
  op('PUT', `${CP}/routes/{RouteId}`, 'upsert-route', 'Upsert a Route', ['name', 'paths']),
  op('POST', `${CP}/consumers`, 'create-consumer', 'Create a new Consumer', ['username']),
  op('POST', `${CP}/consumer_groups`, 'create-consumer_group', 'Create a new Consumer Group', ['name']),
  op('POST', `${CP}/plugins`, 'create-plugin', 'Create a new Plugin'),
  op('GET', `${CP}/plugins`, 'list-plugin', 'List all Plugins'),
  op('POST', `${CP}/services/{ServiceId}/plugins`, 'create-plugin-with-service', 'Create a new Plugin associated with a Service'),
  op('GET', `${CP}/services/{ServiceId}/plugins`, 'list-plugin-with-service', 'List all Plugins associated with a Service'),
  op('POST', `${CP}/routes/{RouteId}/plugins`, 'create-plugin-with-route', 'Create a new Plugin associated with a Route'),
  op('POST', `${CP}/consumers/{ConsumerId}/plugins`, 'create-plugin-with-consumer', 'Create a new Plugin associated with a Consumer'),
  op('POST', `${CP}/consumer_groups/{ConsumerGroupId}/plugins`, 'create-plugin-with-consumer_group', 'Create a new Plugin associated with a Consumer Group'),
  op('GET', `${CP}/key-auths`, 'list-key-auth', 'List all API-keys'),
  op('POST', `${CP}/consumers/{ConsumerId}/key-auth`, 'create-key-auth-with-consumer', 'Create a new API-key associated with a Consumer'),
];

const plugin = (name: string, title: string, about: string): PluginEntry => ({ name, title, about });
const TABLE: PluginEntry[] = [
  plugin('rate-limiting', 'Rate Limiting', 'limit how many http requests can be made in a given period of seconds minutes hours or days'),
  plugin('key-auth', 'Key Auth', 'secure services and routes with key authentication add api key authentication'),
  plugin('datadog', 'Datadog', 'send metrics and events to datadog'),
  plugin('upstream-timeout', 'Upstream Timeout', 'set read write and connect timeouts per route or consumer'),
  plugin('cors', 'CORS', 'add cross origin resource sharing to a service or route'),
  plugin('file-log', 'File Log', 'append request and response data to a log file on disk'),
  plugin('bot-detection', 'Bot Detection', 'protect a service or route from most common bots'),
  plugin('request-size-limiting', 'Request Size Limiting', 'block requests with bodies greater than a given size in megabytes'),
];

const byKey = new Map(OPS.map((o) => [operationKey(o), o]));
const INDEX = buildIndex(OPS, () => 'Konnect Control Planes Config', { plugins: TABLE });
const search = (query: string, filters: Partial<SearchFilters> = {}) => INDEX.search(query, { limit: 5, ...filters }, byKey);
const first = (query: string, filters: Partial<SearchFilters> = {}) => {
  const hit = search(query, filters).hits[0];
  return hit && { id: hit.op.operationId, note: hit.note };
};

/** The first hit of a search over the built catalog. */
async function firstOverCatalog(): Promise<(query: string) => Hit | undefined> {
  const deps = createDeps({ config: parseConfig({}).config, version: 'test', catalogDir: CATALOG_DIR, docsDir: DOCS_DIR, log: () => {} });
  const catalog = await deps.catalog();
  return (query) => catalog.search(query, { limit: 5 }).hits[0];
}

describe('plugin goals', () => {
  it('creates the plugin on the entity the query names, and names the plugin', () => {
    expect(first('limit a gateway service to 5 requests per minute')).toEqual({ id: 'create-plugin-with-service', note: 'likely plugin: rate-limiting' });
    expect(first('require an api key on my route')).toEqual({ id: 'create-plugin-with-route', note: 'likely plugin: key-auth' });
    expect(first('block bots on my route')?.id).toBe('create-plugin-with-route');
  });

  it('creates the entity of the plugin\'s own when the goal names its parent (a consumer\'s credential), and the plugin otherwise', () => {
    expect(first('secure consumer bob with key auth')).toEqual({ id: 'create-key-auth-with-consumer', note: 'for the key-auth plugin' });
    expect(first('rate limit consumer bob per minute')).toEqual({ id: 'create-plugin-with-consumer', note: 'likely plugin: rate-limiting' });
    expect(first('secure my route with key auth')?.id).toBe('create-plugin-with-route');
    // The best hit creates a key-auth, but a consumer's: the query names a route.
    expect(first('add key auth to the /quotes route')?.id).toBe('create-plugin-with-route');
  });

  it('takes the entity named last, and a consumer group over a consumer', () => {
    expect(first('rate limit the gold consumer group per minute')?.id).toBe('create-plugin-with-consumer_group');
    expect(first('limit requests per minute for the consumers of this service')?.id).toBe('create-plugin-with-service');
  });

  it('reads the word right after the entity as its name, not a plugin ("consumer acme" is no ACME plugin)', async () => {
    const top = await firstOverCatalog();
    expect(top('add consumer acme to realm r-1 so it is managed centrally')).toMatchObject({ op: { api: 'consumers', operationId: 'create-consumer' } });
    expect(top('add consumer acme-mobile to the shared realm partners')?.note).toBeUndefined();
    expect(top('plugins on consumer acme')?.op.operationId).toBe('list-plugin-with-consumer');
    // Every word of a joined name is the name's ("mobile-app" is no app plugin).
    expect(top('add consumer mobile-app to realm shared-eu')).toMatchObject({ op: { api: 'consumers', operationId: 'create-consumer' } });
    // Naming the plugin itself still means it.
    expect(top('enable the acme plugin to get certificates from lets encrypt')?.note).toContain('acme');
  });

  it('leaves a goal to another API that creates what is asked for, when no entity for a plugin is named', async () => {
    const top = await firstOverCatalog();
    expect(top('set up an oauth server for my apis')).toMatchObject({ op: { api: 'kong-identity', operationId: 'createAuthServer' } });
    expect(top('add an allowlist of partner IPs on the /partners route')?.op.operationId).toBe('create-plugin-with-route');
  });

  it('reads a plugin that shares its name with a Konnect API as that API, unless the query says plugin', async () => {
    const top = await firstOverCatalog();
    expect(top('count tokens per customer so we can bill for AI usage')?.op.api).toBe('metering-and-billing');
    expect(top('enable the metering-and-billing plugin on the orders route')).toMatchObject({ op: { operationId: 'create-plugin-with-route' }, note: 'likely plugin: metering-and-billing' });
  });

  it('creates a global plugin only when the query names the plugin', () => {
    expect(first('send metrics to datadog')).toEqual({ id: 'create-plugin', note: 'likely plugin: datadog' });
    expect(first('limit requests per minute')?.note).toBeUndefined();
  });

  it('leaves listing, deleting and an entity’s own fields alone', () => {
    expect(first('list the rate limiting plugins of a service')?.id).toBe('list-plugin-with-service');
    expect(search('delete the rate limiting plugin of a service').hits.some((h) => h.note)).toBe(false);
    expect(first('set the read timeout of a service')?.id).toBe('upsert-service');
    expect(first('create an api key for a consumer')?.id).toBe('create-key-auth-with-consumer');
  });

  it('leaves a change to a plugin the query calls a plugin ("switch off the cors plugin") to the plugin operations', () => {
    expect(search('switch off the cors plugin on my route').hits.some((h) => h.note)).toBe(false);
    expect(search('disable the cors plugin on my route').hits.some((h) => h.note)).toBe(false);
    expect(first('turn on cors for my route')).toEqual({ id: 'create-plugin-with-route', note: 'likely plugin: cors' });
  });

  it('reads plugins named with no verb as a list to see ("plugins on my login route"), one plugin as a goal', () => {
    expect(search('plugins on my login route').hits.some((h) => h.note)).toBe(false);
    expect(first('cors plugin on my route')).toEqual({ id: 'create-plugin-with-route', note: 'likely plugin: cors' });
  });

  it('keeps to the api and method filters', () => {
    expect(search('require an api key on my route', { method: 'GET' }).hits.every((h) => h.op.method === 'GET' && !h.note)).toBe(true);
  });

  it('keeps the order of scores when it moves the creator up', () => {
    const scores = search('limit a gateway service to 5 requests per minute').hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('does nothing without a plugin table (an older prebuilt index)', () => {
    const bare = buildIndex(OPS, () => 'Konnect Control Planes Config');
    expect(bare.search('require an api key on my route', { limit: 5 }, byKey).hits.some((h) => h.note)).toBe(false);
  });

  it('ships the table in the prebuilt index and keeps it when the index is rebuilt', () => {
    const json = JSON.parse(JSON.stringify(INDEX.toJSON())) as unknown;
    expect(loadIndex(json).plugins.table).toEqual(TABLE);
    const rebuilt = indexer.build(OPS, () => 'Konnect Control Planes Config', json);
    expect(rebuilt.search('require an api key on my route', { limit: 5 }, byKey).hits[0]?.op.operationId).toBe('create-plugin-with-route');
  });
});

describe('readPluginTable', () => {
  it('drops malformed entries', () => {
    expect(readPluginTable([{ name: 'cors', title: 'CORS', about: 'x' }, { name: 1 }, null, 'x'])).toEqual([{ name: 'cors', title: 'CORS', about: 'x' }]);
    expect(readPluginTable({ __proto__: [] })).toEqual([]);
  });
});

describe('buildPluginTable', () => {
  const page = (slug: string, title: string, description: string, intro: string): RenderedPage => ({
    kind: 'page',
    products: ['gateway'],
    title,
    url: `https://developer.konghq.com/plugins/${slug}/`,
    description,
    keywords: ['traffic-control'],
    questions: [],
    sections: [{ heading: '', anchor: '', text: intro, full: intro, level: 0 }],
  });
  const front = (slug: string, yaml: string) => ({ url: `https://developer.konghq.com/plugins/${slug}/`, text: `---\n${yaml}\n---\nbody` });

  it('keeps plugin pages that work on Konnect, each word once', () => {
    const pages = [
      page('cors', 'CORS', 'Add CORS to a Service', 'The CORS plugin lets you add CORS to a Service or a Route.'),
      page('on-prem-only', 'On Prem', 'Only on premises', ''),
      page('compatibility', 'Plugin Compatibility', 'Which plugin runs where', ''),
    ];
    const raw = [
      front('cors', 'content_type: plugin\nworks_on:\n  - on-prem\n  - konnect'),
      front('on-prem-only', 'content_type: plugin\nworks_on:\n  - on-prem'),
      front('compatibility', 'content_type: reference'),
    ];
    expect(buildPluginTable(pages, raw, parse)).toEqual([
      { name: 'cors', title: 'CORS', about: 'add cors to a service traffic control the plugin lets you or route' },
    ]);
  });
});
