import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load.js';
import { indexer } from '../src/search/index.js';
import { CATALOG_DIR } from '../src/paths.js';
import { PROMPTS } from '../src/prompts.js';
import { spawnServer, type Spawned } from './helpers/mcp-client.js';

function text(res: { messages: { content: unknown }[] }): string {
  return res.messages.map((m) => (m.content as { text?: string }).text ?? '').join('\n');
}

describe('prompts over stdio', () => {
  let mcp: Spawned;
  beforeAll(async () => {
    mcp = await spawnServer({});
  });
  afterAll(async () => {
    await mcp?.close();
  });

  it('lists the four prompts with their arguments', async () => {
    const { prompts } = await mcp.client.listPrompts();
    const byName = Object.fromEntries(prompts.map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(['audit-control-plane', 'debug-api-performance', 'investigate-errors', 'onboard-consumer']);
    const args = (name: string): [string, boolean][] => (byName[name]?.arguments ?? []).map((a) => [a.name, a.required === true]);
    expect(args('debug-api-performance')).toEqual([['target', true], ['timeRange', false]]);
    expect(args('investigate-errors')).toEqual([['statusClass', true], ['timeRange', false]]);
    expect(args('audit-control-plane')).toEqual([['controlPlane', true]]);
    expect(args('onboard-consumer')).toEqual([['username', true], ['controlPlane', true], ['credential', false], ['consumerGroup', false]]);
    for (const p of prompts) expect(p.description).toBeTruthy();
  });

  it('debug-api-performance names the metrics, api-requests and gateway config operations for the route', async () => {
    const res = await mcp.client.getPrompt({ name: 'debug-api-performance', arguments: { target: 'orders-route', timeRange: '6h' } });
    const t = text(res);
    expect(t).toContain('"orders-route"');
    expect(t).toContain('last 6h');
    for (const id of ['metrics [analytics-metrics]', 'query-requests [analytics-requests]', 'get-route', 'get-service', 'list-plugin-with-route', 'list-plugin-with-service']) {
      expect(t).toContain(id);
    }
    expect(t).toMatch(/response_latency_p95/);
  });

  it('debug-api-performance and investigate-errors give the analytics facts get_schema gives, read from the specs', async () => {
    for (const [name, args] of [['debug-api-performance', { target: 'orders' }], ['investigate-errors', { statusClass: '5xx' }]] as const) {
      const t = text(await mcp.client.getPrompt({ name, arguments: args }));
      expect(t).toContain('metrics [analytics-metrics], from its spec:');
      expect(t).toContain('{"type":"relative","time_range":"24h"}');
      expect(t).toContain('query-requests [analytics-requests], from its spec:');
      expect(t).toContain('{"type":"relative","time_range":"24H"}');
      expect(t).toContain('At most 3 metrics and 2 dimensions per query (maxItems).');
      expect(t).toMatch(/no sort field: sort the rows yourself/);
      expect(t).toMatch(/gateway_service.*<controlPlaneId>:<entityId>/);
    }
    const audit = text(await mcp.client.getPrompt({ name: 'audit-control-plane', arguments: { controlPlane: 'prod' } }));
    expect(audit).not.toContain('from its spec:');
  });

  it('refuses a name over 200 characters instead of quoting it through the text', async () => {
    const err = await mcp.client.getPrompt({ name: 'audit-control-plane', arguments: { controlPlane: 'p'.repeat(5000) } }).catch((e: unknown) => e);
    expect(String(err)).toMatch(/at most 200 characters/);
    const ok = text(await mcp.client.getPrompt({ name: 'audit-control-plane', arguments: { controlPlane: 'prod' } }));
    expect(ok).toContain('prod');
  });

  it('investigate-errors normalises the status class and defaults the time range to 24h', async () => {
    const res = await mcp.client.getPrompt({ name: 'investigate-errors', arguments: { statusClass: '5xx' } });
    const t = text(res);
    expect(t).toContain('5XX responses of the last 24h');
    expect(t).toContain('status_code_grouped');
    expect(t).toContain('upstream_status_code_grouped');
  });

  it('both debugging prompts lead to a Debugger session in Konnect and analyze_trace when analytics is not enough', async () => {
    const perf = text(await mcp.client.getPrompt({ name: 'debug-api-performance', arguments: { target: 'orders-route' } }));
    expect(perf).toMatch(/kong_latency_p95/);
    expect(perf).toMatch(/upstream_latency_p95/);
    expect(perf).toContain('trace_id');
    expect(perf).toContain('proxy.kong.latency_total_ms >= 1000');
    const errors = text(await mcp.client.getPrompt({ name: 'investigate-errors', arguments: { statusClass: '5xx' } }));
    expect(errors).toContain('http.response.status_code==503 (or >= 500)');
    for (const t of [perf, errors]) {
      expect(t).toContain('Observability > Debugger');
      expect(t).toContain('no public API');
      expect(t).toContain('call analyze_trace with its path');
    }
  });

  it('rejects a status class other than 4xx or 5xx with a clear error', async () => {
    await expect(mcp.client.getPrompt({ name: 'investigate-errors', arguments: { statusClass: 'teapot' } })).rejects.toThrow(/4xx or 5xx/);
  });

  it('audit-control-plane covers entities, plugins, node versions and the config hash', async () => {
    const t = text(await mcp.client.getPrompt({ name: 'audit-control-plane', arguments: { controlPlane: 'prod-eu' } }));
    for (const id of ['list-service', 'list-route', 'list-plugin', 'list-dataplane-nodes', 'get-nodes-eol', 'get-expected-config-hash']) expect(t).toContain(`${id} [`);
    expect(t).toContain('"prod-eu"');
  });

  it('onboard-consumer names consumer, credential and consumer group operations and confirms writes first', async () => {
    const t = text(await mcp.client.getPrompt({ name: 'onboard-consumer', arguments: { username: 'alice', controlPlane: 'prod', consumerGroup: 'gold' } }));
    for (const id of ['create-consumer [control-planes-config]', 'create-key-auth-with-consumer', 'add-consumer-to-group']) expect(t).toContain(id);
    expect(t).toContain('key-auth credential');
    expect(t).not.toContain('create-jwt-with-consumer');
    expect(t).toContain('"gold"');
    expect(t).toMatch(/dry runs/);
  });

  it('onboard-consumer names the credential operation for the kind asked for', async () => {
    const t = text(await mcp.client.getPrompt({ name: 'onboard-consumer', arguments: { username: 'bob', controlPlane: 'prod', credential: 'jwt' } }));
    expect(t).toContain('create-jwt-with-consumer [control-planes-config]');
    expect(t).not.toContain('create-key-auth-with-consumer');
  });
});

describe('prompt operations', () => {
  it('every operation a prompt names exists in the catalog under that api', async () => {
    const catalog = await loadCatalog({ indexer, dir: CATALOG_DIR, allVersions: false, extraSpecs: [] });
    for (const p of PROMPTS) {
      for (const o of p.operations) {
        expect(() => catalog.find(o.operationId, o.api), `${p.name}: ${o.operationId} [${o.api}]`).not.toThrow();
      }
    }
  });
});
