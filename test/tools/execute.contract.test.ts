// Contract tests: what execute sends is accepted by Prism serving the real bundled specs, and what execute
// refuses never reaches Prism. Each API gets its own Prism (started and stopped here, on 127.0.0.1).
import { join } from 'node:path';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { indexer } from '../../src/search/index.js';
import type { Operation } from '../../src/catalog/types.js';
import { parseConfig, type Config } from '../../src/config.js';
import type { DocsIndex } from '../../src/docs/types.js';
import { createSender } from '../../src/http/client.js';
import { followRef, rawOperation } from '../../src/catalog/extract.js';
import { operationSpec } from '../../src/http/spec.js';
import { findProblems } from '../../src/http/validate.js';
import { CATALOG_DIR, PACKAGE_ROOT } from '../../src/paths.js';
import type { ToolDeps } from '../../src/deps.js';
import { handle, type ExecuteArgs } from '../../src/tools/execute.js';
import { answerLog } from '../helpers/answers.js';
import { startPrism, type PrismMock } from '../helpers/prism.js';

const TOKEN = 'kpat_contractSuiteSecret0123456789abcd';
const CP = '9524ec7d-36d9-465d-a8c5-83a3c9390458';
const UUID = '7f9fd312-a987-4628-b4c5-bb4f4fddd5f7';
const log = answerLog(TOKEN);
let catalog: Catalog;

beforeAll(async () => {
  catalog = await loadCatalog({ indexer, dir: CATALOG_DIR });
});

function deps(baseUrl: string, overrides: Partial<Config> = {}): ToolDeps {
  const config: Config = { ...parseConfig({ token: TOKEN, baseUrl }).config, ...overrides };
  return {
    config,
    catalog: () => Promise.resolve(catalog),
    docs: () => Promise.reject(new Error('unused')) as Promise<DocsIndex>,
    send: createSender({ token: TOKEN, userAgent: 'konnect-mcp/0.0.0-test', timeoutMs: 15_000, retryDelayMs: 1 }),
    version: '0.0.0-test',
    log: () => undefined,
  };
}

interface Call {
  label?: string;
  args: ExecuteArgs;
}

/** Arguments built from the spec alone: example or well-formed path values, and the body's own example. */
function exampleCall(doc: OpenAPIV3.Document, op: Operation): ExecuteArgs | undefined {
  const spec = operationSpec(doc, op);
  const pathParams: Record<string, string> = {};
  for (const p of spec.params) {
    const schema = followRef(doc, p.schema) as OpenAPIV3.SchemaObject | undefined;
    if (p.in === 'path') {
      const example = (followRef(doc, rawParam(doc, op, p.name)) as { example?: unknown } | undefined)?.example ?? schema?.example;
      pathParams[p.name] = schema?.format === 'uuid' ? UUID : typeof example === 'string' && example !== '' ? example : Array.isArray(schema?.enum) ? String(schema.enum[0]) : 'example';
    } else if (p.required) {
      return undefined; // a required query or header parameter without a known good value
    }
  }
  const args: ExecuteArgs = { operationId: op.operationId, api: op.api, pathParams };
  if (spec.body) {
    const media = (followRef(doc, rawOperation(doc, op)?.raw.requestBody) as OpenAPIV3.RequestBodyObject).content[spec.body.mediaType];
    const first = Object.values(media?.examples ?? {})[0];
    const example = media?.example ?? (followRef(doc, first) as OpenAPIV3.ExampleObject | undefined)?.value ?? (followRef(doc, spec.body.schema) as OpenAPIV3.SchemaObject | undefined)?.example;
    if (example === undefined) return spec.body.required ? undefined : args;
    args.body = example as unknown;
  }
  return args;
}

function rawParam(doc: OpenAPIV3.Document, op: Operation, name: string): unknown {
  const found = rawOperation(doc, op);
  return [...(found?.item.parameters ?? []), ...(found?.raw.parameters ?? [])].find((p) => (followRef(doc, p) as { name?: string }).name === name);
}

interface Suite {
  api: string;
  valid: Call[];
  invalid: Call[];
  /** How many operations the spec's own examples let us call (measured; guards against the pass going silent). */
  fromExamples: number;
}

const SUITES: Suite[] = [
  {
    api: 'control-planes',
    fromExamples: 11,
    valid: [
      { args: { operationId: 'list-control-planes', query: { 'page[size]': 10, filter: { name: { contains: 'prod' } } } } },
      { args: { operationId: 'create-control-plane', body: { name: 'prod-cp', cluster_type: 'CLUSTER_TYPE_CONTROL_PLANE', labels: { env: 'prod' } } } },
      { args: { operationId: 'get-control-plane', pathParams: { controlPlaneId: CP } } },
      { args: { operationId: 'delete-control-plane', pathParams: { controlPlaneId: CP } } },
    ],
    invalid: [
      { label: 'id that is not a uuid', args: { operationId: 'get-control-plane', pathParams: { controlPlaneId: 'prod-cp' } } },
      { label: 'body without a name', args: { operationId: 'create-control-plane', body: { cluster_type: 'CLUSTER_TYPE_CONTROL_PLANE' } } },
    ],
  },
  {
    api: 'control-planes-config',
    fromExamples: 195,
    valid: [
      { args: { operationId: 'list-route', pathParams: { controlPlaneId: CP }, query: { size: '5', filter: { name: { contains: 'orders' } } } } },
      { args: { operationId: 'create-service', pathParams: { controlPlaneId: CP }, body: { name: 'orders', host: 'orders.internal', port: 8080, protocol: 'http' } } },
      { args: { operationId: 'create-route', pathParams: { controlPlaneId: CP }, body: { name: 'orders', paths: ['/orders'], service: { id: UUID } } } },
      { args: { operationId: 'create-plugin', pathParams: { controlPlaneId: CP }, body: { name: 'rate-limiting', config: { minute: 5 } } } },
      { args: { operationId: 'delete-route', pathParams: { controlPlaneId: CP, RouteId: UUID } } },
    ],
    invalid: [
      { label: 'unknown query parameter', args: { operationId: 'list-route', pathParams: { controlPlaneId: CP }, query: { limit: 5 } } },
      { label: 'port as text', args: { operationId: 'create-service', pathParams: { controlPlaneId: CP }, body: { host: 'h', port: 'eighty' } } },
    ],
  },
  {
    api: 'analytics-requests',
    fromExamples: 1,
    valid: [
      { args: { operationId: 'query-requests', body: { time_range: { type: 'relative', time_range: '24H' }, filters: [{ field: 'status_code', operator: 'in', value: [500] }], size: 10 } } },
    ],
    invalid: [{ label: 'unknown time range', args: { operationId: 'query-requests', body: { time_range: { type: 'relative', time_range: '2 days' } } } }],
  },
  {
    api: 'analytics-metrics',
    fromExamples: 0,
    valid: [
      { args: { operationId: 'metrics', body: { datasource: 'api_usage', metrics: ['request_count', 'response_latency_p99'], dimensions: ['route'], time_range: { type: 'relative', time_range: '24h' } } } },
    ],
    invalid: [{ label: 'too many metrics', args: { operationId: 'metrics', body: { datasource: 'api_usage', metrics: ['request_count', 'error_rate', 'cache_hit_rate', 'kong_latency_p99'] } } }],
  },
  {
    api: 'identity',
    fromExamples: 69,
    valid: [
      { args: { operationId: 'get-users-me', api: 'identity' } },
      { args: { operationId: 'list-users', query: { 'page[size]': 10, filter: { email: { contains: 'example.com' } } } } },
      { args: { operationId: 'create-team', body: { name: 'IDM - Developers', description: 'Developers' } } },
    ],
    invalid: [{ label: 'team without a name', args: { operationId: 'create-team', body: { description: 'x' } } }],
  },
  {
    api: 'cloud-gateways',
    fromExamples: 38,
    valid: [
      { args: { operationId: 'list-networks', query: { 'page[size]': 10 } } },
      { args: { operationId: 'list-provider-accounts' } },
      { args: { operationId: 'get-network', pathParams: { networkId: UUID } } },
    ],
    invalid: [{ label: 'network id that is not a uuid', args: { operationId: 'get-network', pathParams: { networkId: 'net-1' } } }],
  },
];

for (const suite of SUITES) {
  describe(`Prism with the ${suite.api} spec`, () => {
    let mock: PrismMock;
    let d: ToolDeps;

    beforeAll(async () => {
      const entry = [...catalog.apis.values()].find((a) => a.api === suite.api && a.latest)!;
      mock = await startPrism(join(PACKAGE_ROOT, 'specs', entry.api, entry.folder, 'openapi.yaml'), entry.host.prefix);
      d = deps(mock.url);
    });
    afterAll(() => mock?.close());

    /** Prism answers 2xx (or the 3xx an operation declares as its only success, such as an SSO redirect). */
    const expectAccepted = async (args: ExecuteArgs, redirect = false) => {
      const before = mock.forwarded.length;
      const r = log.record(await handle({ api: suite.api, ...args }, d));
      const sent = mock.forwarded.slice(before);
      expect(r.isError, `${args.operationId}: ${r.content[0]?.text.slice(0, 600)}\nPrism said: ${sent.at(-1)?.body.slice(0, 600)}`).toBeFalsy();
      expect(sent).toHaveLength(1);
      expect(sent[0]?.status).toBeGreaterThanOrEqual(200);
      expect(sent[0]?.status).toBeLessThan(redirect ? 400 : 300);
    };

    it.each(suite.valid.map((c) => [c.args.operationId, c]))('accepts a valid %s call (2xx from Prism)', async (_id, call) => {
      await expectAccepted(call.args);
    });

    it.each(suite.invalid.map((c) => [c.label, c]))('keeps an invalid call (%s) inside the process', async (_label, call) => {
      const before = mock.forwarded.length;
      const r = log.record(await handle({ api: suite.api, ...call.args }, d));
      expect(r.isError).toBe(true);
      expect(r.content[0]?.text).toMatch(/^\[VALIDATION\] /);
      expect(mock.forwarded.length).toBe(before);
    });

    it('sends every operation built from the spec\'s own examples in a form Prism accepts', async () => {
      const ops = catalog.operations.filter((o) => o.api === suite.api && o.latest && !o.deprecated);
      const doc = await catalog.spec(catalog.api(ops[0]!));
      let sent = 0;
      for (const op of ops) {
        const args = exampleCall(doc, op);
        if (!args) continue;
        const { problems } = await findProblems({ doc, spec: operationSpec(doc, op), key: `contract:${op.apiKey}#${op.operationId}`, operationId: op.operationId }, args);
        if (problems.length > 0) continue; // the spec's examples do not fit every path parameter's pattern
        await expectAccepted(args, operationSpec(doc, op).successStatuses.length === 0);
        sent++;
      }
      expect(sent).toBe(suite.fromExamples);
    });
  });
}

describe('read-only against Prism', () => {
  let mock: PrismMock;
  beforeAll(async () => {
    mock = await startPrism(join(PACKAGE_ROOT, 'specs', 'analytics-requests', 'v2', 'openapi.yaml'), '/v2');
  });
  afterAll(() => mock?.close());

  it('blocks a DELETE and lets the analytics query through', async () => {
    const d = deps(mock.url, { readOnly: true });
    const del = log.record(await handle({ operationId: 'delete-control-plane', pathParams: { controlPlaneId: CP } }, d));
    expect(del.content[0]?.text).toMatch(/^\[READ_ONLY\] /);
    const body = { time_range: { type: 'relative', time_range: '1H' }, filters: [{ field: 'status_code_grouped', operator: 'in', value: ['5XX'] }] };
    const query = log.record(await handle({ operationId: 'query-requests', body }, d));
    expect(query.isError).toBeFalsy();
    expect(mock.forwarded.map((f) => `${f.method} ${f.url} ${f.status}`)).toEqual(['POST /api-requests 200']);
  });
});

describe('the token', () => {
  it('appears in none of the answers this suite produced', () => {
    expect(log.count()).toBeGreaterThan(20);
    expect(log.leaks()).toEqual([]);
  });
});
