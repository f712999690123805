// The search tool over the real built catalog, as the server runs it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { confidenceRates, evaluate, readCases } from '../../scripts/lib/search-eval.js';
import { parseConfig } from '../../src/config.js';
import { createDeps } from '../../src/deps.js';
import { CATALOG_DIR, DOCS_DIR } from '../../src/paths.js';
import type { ToolDeps } from '../../src/deps.js';
import { handle, LOW_CONFIDENCE_LINE, renderSearch, runSearch } from '../../src/tools/search.js';

const PUBLIC_SET = fileURLToPath(new URL('../../../shared/eval/search-public.jsonl', import.meta.url));
// Queries written for this project (tuning and held-out sets), answers checked against the specs.
const OWN_SETS = ['search-extra.jsonl', 'search-holdout-1.jsonl', 'search-holdout-2.jsonl', 'search-holdout-3.jsonl'];
const MIN_RECALL_AT_5 = 0.85;
const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
// The frozen blind set (never tuned on) and its negatives are guarded a little below what the ranker reaches, so a
// change that loses ground on unseen questions fails here. A guard, not a target: never tune to it.
const BLIND_FLOOR = { recall1: 0.86, recall5: 0.96, maxLow: 0.04 };
const BLIND_2_FLOOR = { recall1: 0.78, recall5: 0.94, maxLow: 0.03 };
const NEGATIVE_MIN_LOW = 0.8;

let deps: ToolDeps;
beforeAll(async () => {
  deps = createDeps({ config: parseConfig({}).config, version: 'test', catalogDir: CATALOG_DIR, docsDir: DOCS_DIR, log: () => {} });
  await deps.catalog();
});

const keys = async (query: string): Promise<string[]> =>
  (await runSearch({ query, limit: 10 }, deps)).results.map((r) => `${r.api}:${r.operationId}`);
/** The first result, as `api:operationId`. */
const first = async (query: string): Promise<string | undefined> => (await keys(query))[0];

describe('search quality (regression guard)', () => {
  it(`keeps recall@5 >= ${MIN_RECALL_AT_5} on ../shared/eval/search-public.jsonl`, async () => {
    // CI always has the shared checkout, so its absence fails rather than skipping the guard.
    if (!existsSync(PUBLIC_SET)) throw new Error(`${PUBLIC_SET} is missing: clone the shared repository beside this one (../shared)`);
    const report = await evaluate(await readCases(PUBLIC_SET), keys);
    expect(report.n).toBeGreaterThan(0);
    expect(report.recall5, JSON.stringify(report.misses.filter((m) => m.rank === 0 || m.rank > 5), null, 1)).toBeGreaterThanOrEqual(MIN_RECALL_AT_5);
  });

  it.each(OWN_SETS)(`keeps recall@5 >= ${MIN_RECALL_AT_5} on test/fixtures/%s`, async (name) => {
    const report = await evaluate(await readCases(fixture(name)), keys);
    expect(report.recall5, JSON.stringify(report.misses.filter((m) => m.rank === 0 || m.rank > 5), null, 1)).toBeGreaterThanOrEqual(MIN_RECALL_AT_5);
  });
});

describe('search on unseen questions (frozen blind sets)', () => {
  const confidence = async (query: string) => (await runSearch({ query }, deps)).confidence;

  it.each([
    ['search-blind.jsonl', BLIND_FLOOR],
    ['search-blind-2.jsonl', BLIND_2_FLOOR],
  ] as const)('keeps recall@1 and recall@5 on %s above its floor, few answers low', async (name, floor) => {
    const cases = await readCases(fixture(name));
    const report = await evaluate(cases, keys);
    expect(report.recall1).toBeGreaterThanOrEqual(floor.recall1);
    expect(report.recall5).toBeGreaterThanOrEqual(floor.recall5);
    expect((await confidenceRates(cases, confidence)).low).toBeLessThanOrEqual(floor.maxLow);
  });

  it.each(['search-negative.jsonl', 'search-negative-blind-2.jsonl'])(`answers at least ${NEGATIVE_MIN_LOW * 100}% of %s with low confidence`, async (name) => {
    const rates = await confidenceRates(await readCases(fixture(name)), confidence);
    expect(rates.low).toBeGreaterThanOrEqual(NEGATIVE_MIN_LOW);
  });
});

describe('everyday questions', () => {
  it('means the gateway consumer when no other product is named', async () => {
    expect(await first('create consumer')).toBe('control-planes-config:create-consumer');
  });

  it('sends a question about the requests themselves to the request records, not to metrics', async () => {
    expect(await first('show the last 20 requests with status 500 on a route')).toBe('analytics-requests:query-requests');
  });

  it('reads traffic words in a question about the requests themselves as the records API, while numbers stay with metrics', async () => {
    expect(await first('find the individual calls bob made this morning that got a 401')).toBe('analytics-requests:query-requests');
    expect(await first('which calls to the orders api took longer than 2 seconds yesterday?')).toBe('analytics-requests:query-requests');
    expect(await first('how many requests per minute is the orders service getting?')).toBe('analytics-metrics:metrics');
  });

  it('sends requests asked for one at a time to the records, whatever aggregate word is near', async () => {
    expect(await first('show me the 429s handed out to consumer acme-mobile in the last hour, one by one')).toBe('analytics-requests:query-requests');
    expect(await first('the actual calls that failed on /checkout in the last 30 minutes, one by one, not the totals')).toBe('analytics-requests:query-requests');
  });

  it('creates the credential an auth plugin checks when the goal is about a consumer', async () => {
    expect(await first('let the ci-runner consumer authenticate at the gateway with a username and password')).toBe('control-planes-config:create-basic-auth-with-consumer');
    expect(await first('let consumer partner-x authenticate with JWTs signed by their RS256 key')).toBe('control-planes-config:create-jwt-with-consumer');
  });

  it('maps a REST path to a GraphQL query with the degraphql route on the service', async () => {
    expect(await first('map a REST endpoint /users/{id} to a GraphQL query on the graphql service')).toBe('control-planes-config:create-degraphql_route-with-service');
  });

  it('reads "inventory" as a name, not as asking for a list', async () => {
    expect(await first('retry failed calls to the inventory service up to 3 times in the mesh')).toBe('mesh-control-planes:putMeshRetry');
  });

  it('reads "throttle" as a request to limit, not as traffic numbers', async () => {
    expect(await first('throttle the search endpoint route to 5 rps')).toBe('control-planes-config:create-plugin-with-route');
  });

  it('reads a backend put behind the gateway as a gateway service, not a Kafka backend cluster', async () => {
    expect(await first('put our orders backend at http://orders.internal:8080 behind the gateway in the prod control plane')).toBe('control-planes-config:create-service');
    expect(await first('add a kafka backend cluster to event gateway eg-1')).toBe('event-gateway:create-event-gateway-backend-cluster');
  });

  it('reads "kinds" as types', async () => {
    expect(await first('which kinds of entities can I search for across konnect?')).toBe('ksearch:get-search-types');
  });

  it('reads sidecars as the mesh\'s dataplanes', async () => {
    // Both list the mesh's dataplanes; the overview adds their status.
    expect(['mesh-control-planes:getDataplaneList', 'mesh-control-planes:getDataplaneOverviewList']).toContain(await first('which sidecars are in mesh default?'));
  });

  it('reads "svc" as a gateway service', async () => {
    expect(await first('routes of svc orders')).toBe('control-planes-config:list-route-with-service');
  });

  it('reads "checkout" as a service or upstream name, not as Stripe billing', async () => {
    expect(await first('create an upstream named checkout-lb')).toBe('control-planes-config:create-upstream');
    expect(await first('create a checkout session for customer acme')).toBe('metering-and-billing:create-customer-stripe-checkout-session');
  });

  it('rate limiting a service creates a plugin on it, and the answer names the plugin', async () => {
    const out = await runSearch({ query: 'limit a gateway service to 5 requests per minute' }, deps);
    expect(out.results[0]).toMatchObject({ operationId: 'create-plugin-with-service', api: 'control-planes-config' });
    expect(out.results[0]?.summary).toMatch(/\(likely plugin: rate-limiting\b/);
  });

  it('a goal that a plugin does, on a route or a service, creates that plugin there', async () => {
    expect(await first('require an api key on my route')).toBe('control-planes-config:create-plugin-with-route');
    expect(await first('turn on CORS for a service')).toBe('control-planes-config:create-plugin-with-service');
  });

  it('leaves listing plugins and changing an entity’s own fields to their operations', async () => {
    expect(await first('which plugins are enabled on the payments service')).toBe('control-planes-config:list-plugin-with-service');
    expect(await first('set the read timeout of a gateway service')).toBe('control-planes-config:upsert-service');
  });

  it('says when no operation fits, in structuredContent and in the first line of the text', async () => {
    const res = await handle({ query: 'start an active tracing debug session on a route', limit: 10 }, deps);
    expect(res.structuredContent).toMatchObject({ confidence: 'low' });
    expect(res.content[0]?.text.split('\n')[0]).toBe(LOW_CONFIDENCE_LINE);
  });

  it('says low when the verb asks what no operation does, though the rest names Konnect things', async () => {
    expect((await runSearch({ query: 'restart a data plane node' }, deps)).confidence).toBe('low');
    expect((await runSearch({ query: 'rotate my app’s client secret' }, deps)).confidence).not.toBe('low');
  });

  it('refuses a query past 2,000 characters with how to ask instead', async () => {
    const res = await handle({ query: 'route '.repeat(400) }, deps);
    expect(res.isError).toBe(true);
    expect(res.content[0]?.text).toMatch(/^\[INVALID_INPUT\] The query is 2400 characters; at most 2000 are read/);
    expect((await runSearch({ query: `list routes ${'x'.repeat(1988)}` }, deps)).results.length).toBeGreaterThan(0);
  });

  it('is confident about a plain question the API answers', async () => {
    const out = await runSearch({ query: 'list the routes of a control plane' }, deps);
    expect(out.confidence).toBe('high');
    expect(renderSearch(out).split('\n')[0]).not.toBe(LOW_CONFIDENCE_LINE);
  });
});

describe('runSearch', () => {
  it('returns operationId, api, method, path, summary and score, best first', async () => {
    const out = await runSearch({ query: 'list the routes of a control plane' }, deps);
    expect(out.results[0]).toMatchObject({
      operationId: 'list-route',
      api: 'control-planes-config',
      method: 'GET',
      path: '/control-planes/{controlPlaneId}/core-entities/routes',
      summary: 'List all Routes',
    });
    const scores = out.results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // Many operations share these words, so a full page comes back and total counts beyond it.
    expect(out.results).toHaveLength(10);
    expect(out.total).toBeGreaterThan(10);
  });

  it('filters by api and method', async () => {
    const out = await runSearch({ query: 'delete', api: 'identity', method: 'DELETE', limit: 50 }, deps);
    expect(out.results.length).toBeGreaterThan(0);
    expect(out.results.every((r) => r.api === 'identity' && r.method === 'DELETE')).toBe(true);
  });

  it('marks deprecated operations', async () => {
    const catalog = await deps.catalog();
    const dep = catalog.operations.find((o) => o.deprecated && o.latest);
    expect(dep, 'the bundled specs have deprecated operations').toBeDefined();
    if (!dep) return;
    const out = await runSearch({ query: dep.summary, api: dep.api, limit: 50 }, deps);
    expect(out.results.find((r) => r.operationId === dep.operationId)?.deprecated).toBe(true);
  });
});

describe('renderSearch', () => {
  it('prints one line per hit: METHOD path  operationId [api]  summary', async () => {
    const out = await runSearch({ query: 'delete a route', limit: 3 }, deps);
    const lines = renderSearch(out).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('DELETE /control-planes/{controlPlaneId}/core-entities/routes/{RouteId}  delete-route [control-planes-config]  Delete a Route');
  });

  it('names the known apis for a mistyped api filter instead of matching nothing', async () => {
    const res = await handle({ query: 'list routes', api: 'control-plane-config' }, deps);
    expect(res.isError).toBe(true);
    expect(res.content[0]?.text).toMatch(/^\[UNKNOWN_API\] unknown api "control-plane-config"\. Known apis: .*control-planes-config/);
    expect((await runSearch({ query: 'list routes', api: 'control-planes-config' }, deps)).results[0]?.operationId).toBe('list-route');
  });

  it('says what to try when nothing matches', async () => {
    const res = await handle({ query: 'zzzqqq', limit: 10 }, deps);
    expect(res.isError).toBeUndefined();
    expect(res.content[0]?.text).toMatch(/No operations matched/);
  });
});
