// The analytics jobs the server exists for, written the way an assistant would: every name (metric, dimension,
// filter field, operator, time range) is read out of get_schema's default answer, ids follow its notes. Each query
// must pass validation on the first try (dry run) and be accepted by Prism serving the real spec.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { indexer } from '../../src/search/index.js';
import { parseConfig } from '../../src/config.js';
import type { DocsIndex } from '../../src/docs/types.js';
import { createSender } from '../../src/http/client.js';
import { CATALOG_DIR, PACKAGE_ROOT } from '../../src/paths.js';
import type { ToolDeps } from '../../src/deps.js';
import { handle as execute, type ExecuteArgs } from '../../src/tools/execute.js';
import { runGetSchema } from '../../src/tools/get-schema.js';
import { startPrism, type PrismMock } from '../helpers/prism.js';

// Loose access to rendered JSON.
type Any = any;

const TOKEN = 'kpat_analyticsJobsSecret0123456789abcdef';
const CP = '9524ec7d-36d9-465d-a8c5-83a3c9390458';
const SERVICE = '7fca84d6-1e0b-4c6e-9a55-2b1d0c3e4f60';
const ROUTE = 'c2a3e0f1-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

let catalog: Catalog;
const mocks = new Map<string, PrismMock>();

function deps(baseUrl: string): ToolDeps {
  return {
    config: parseConfig({ token: TOKEN, baseUrl }).config,
    catalog: () => Promise.resolve(catalog),
    docs: () => Promise.reject(new Error('unused')) as Promise<DocsIndex>,
    send: createSender({ token: TOKEN, userAgent: 'konnect-mcp/0.0.0-test', timeoutMs: 15_000, retryDelayMs: 1 }),
    version: '0.0.0-test',
    log: () => undefined,
  };
}

beforeAll(async () => {
  catalog = await loadCatalog({ indexer, dir: CATALOG_DIR });
  for (const api of ['analytics-metrics', 'analytics-requests']) {
    const entry = [...catalog.apis.values()].find((a) => a.api === api && a.latest)!;
    mocks.set(api, await startPrism(join(PACKAGE_ROOT, 'specs', entry.api, entry.folder, 'openapi.yaml'), entry.host.prefix));
  }
});
afterAll(async () => {
  for (const m of mocks.values()) await m.close();
});

// ---- reading the default answer, as an assistant would ----

/** The value, after checking the answer offers it (a cut enum fails here). */
function offered(values: unknown, name: string): string {
  expect(values, `"${name}" should be listed whole in the answer`).toEqual(expect.arrayContaining([name]));
  return name;
}

/** The body variant whose `key` enum holds `value` (the api_usage query), or the first one that has `key` at all. */
function variant(answer: Any, key: string, value?: string): Any {
  const members: Any[] = answer.requestBody.schema.oneOf ?? [answer.requestBody.schema];
  const found = members.find((m) => (value === undefined ? m.properties?.[key] : m.properties?.[key]?.enum?.includes(value)));
  expect(found, `a body variant with ${key}${value ? `=${value}` : ''}`).toBeDefined();
  return found;
}

/** Fields a folded filter union allows, and the operators each group of fields takes. */
function filterField(body: Any, field: string): { field: string; operators: string[] } {
  const groups: Any[] = body.properties.filters.items.groups;
  const group = groups.find((g) => g.when.field.includes(field));
  expect(group, `filter field ${field}`).toBeDefined();
  const shapes: Any[] = group.oneOf ?? [group];
  return { field: offered(group.when.field, field), operators: shapes.flatMap((s) => s.properties.operator.enum) };
}

/** The relative time-range value for a span written the way this operation writes it ("24h" or "24H"). */
function relative(body: Any, span: string): Any {
  const forms: Any[] = body.properties.time_range.oneOf;
  const rel = forms.find((f) => f.properties.type.enum.includes('relative'));
  const value = (rel.properties.time_range.enum as string[]).find((v) => v.toLowerCase() === span.toLowerCase());
  expect(value, `relative range ${span}`).toBeDefined();
  return { type: 'relative', time_range: value };
}

/** A gateway entity id written as the notes say (`<controlPlaneId>:<entityId>`). */
function scopedId(notes: string[], entity: string): string {
  const form = /<controlPlaneId>:<entityId>/.exec(notes.join('\n'))?.[0];
  expect(form).toBeDefined();
  return form!.replace('<controlPlaneId>', CP).replace('<entityId>', entity);
}

async function send(api: string, args: ExecuteArgs): Promise<Any> {
  const mock = mocks.get(api)!;
  const d = deps(mock.url);
  const before = mock.forwarded.length;
  const dry = await execute({ api, ...args, dryRun: true }, d);
  expect(dry.isError, dry.content[0]?.text).toBeFalsy();
  expect(mock.forwarded.length).toBe(before);
  const res = await execute({ api, ...args }, d);
  const sent = mock.forwarded.slice(before);
  expect(res.isError, `${res.content[0]?.text.slice(0, 600)}\nPrism said: ${sent.at(-1)?.body.slice(0, 600)}`).toBeFalsy();
  expect(sent.map((f) => f.status)).toEqual([200]);
  expect(res.content[0]?.text).not.toContain(TOKEN);
  return res.structuredContent;
}

describe('the analytics jobs, from the default get_schema answers alone', () => {
  let metrics: Any;
  let usage: Any;
  let requests: Any;
  let byField: Any;

  beforeAll(async () => {
    metrics = await runGetSchema({ operationId: 'metrics' }, deps('http://127.0.0.1:9'));
    usage = variant(metrics, 'datasource', 'api_usage');
    requests = await runGetSchema({ operationId: 'query-requests' }, deps('http://127.0.0.1:9'));
    byField = variant(requests, 'size');
  });

  // Named even though it is the default: with none, a body can fit several datasources, and a strict oneOf refuses it.
  const datasource = (): string => offered(usage.properties.datasource.enum, 'api_usage');

  /** A metrics query of the api_usage datasource; `scope` filters one gateway entity by id. */
  function usageQuery(names: string[], dims: string[], span: string, scope?: { field: string; id: string }): Any {
    const body: Any = {
      datasource: datasource(),
      metrics: names.map((n) => offered(usage.properties.metrics.items.enum, n)),
      time_range: relative(usage, span),
    };
    if (dims.length > 0) body.dimensions = dims.map((d) => offered(usage.properties.dimensions.items.enum, d));
    if (scope) {
      const filter = filterField(usage, scope.field);
      body.filters = [{ field: filter.field, operator: offered(filter.operators, 'in'), value: [scopedId(metrics.notes, scope.id)] }];
    }
    return body;
  }

  it('p95 and p99 response latency per route for one service over 24 hours', async () => {
    const body = usageQuery(['response_latency_p95', 'response_latency_p99'], ['route'], '24h', { field: 'gateway_service', id: SERVICE });
    await send('analytics-metrics', { operationId: 'metrics', body });
  });

  it('top consumers by request count over 7 days (sorted by the caller: there is no sort field)', async () => {
    expect(usage.properties.sort).toBeUndefined();
    const body = { ...usageQuery(['request_count'], ['consumer'], '7d'), limit: 1000 };
    const out = await send('analytics-metrics', { operationId: 'metrics', body });
    const rows: Any[] = Array.isArray(out?.body?.data) ? out.body.data : [];
    const top = [...rows].sort((a, b) => (b.event?.request_count ?? 0) - (a.event?.request_count ?? 0)).slice(0, 10);
    expect(top.length).toBeLessThanOrEqual(10);
  });

  it('error rate by status code class for one route over 1 hour', async () => {
    const body = usageQuery(['error_rate', 'request_count'], ['status_code_grouped'], '1h', { field: 'route', id: ROUTE });
    await send('analytics-metrics', { operationId: 'metrics', body });
  });

  it('the last 20 requests with a 5xx on one route', async () => {
    const status = filterField(byField, 'status_code_grouped');
    const route = filterField(byField, 'route');
    const order = byField.properties.order;
    await send('analytics-requests', {
      operationId: 'query-requests',
      body: {
        filters: [
          { field: status.field, operator: offered(status.operators, 'in'), value: ['5XX'] },
          { field: route.field, operator: offered(route.operators, 'in'), value: [scopedId(requests.notes, ROUTE)] },
        ],
        time_range: relative(byField, '7d'),
        order: offered(order.enum, 'descending'),
        size: 20,
      },
    });
  });

  it('upstream versus Kong latency for one service, within the maxItems the answer gives', async () => {
    const body = usageQuery(['upstream_latency_p95', 'kong_latency_p95', 'response_latency_p95'], [], '24h', { field: 'gateway_service', id: SERVICE });
    expect(body.metrics.length).toBeLessThanOrEqual(usage.properties.metrics.maxItems);
    await send('analytics-metrics', { operationId: 'metrics', body });
  });
});
