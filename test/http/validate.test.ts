import type { OpenAPIV3 } from 'openapi-types';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { indexer } from '../../src/search/index.js';
import { RefusedError } from '../../src/errors.js';
import type { RequestArgs } from '../../src/http/request.js';
import { operationSpec } from '../../src/http/spec.js';
import type { Problem } from '../../src/http/normalize.js';
import { dataPath, findProblems, validateCall } from '../../src/http/validate.js';
import { CATALOG_DIR } from '../../src/paths.js';
import { loadGadgets, type FixtureOp } from '../helpers/gadgets.js';

const ID = '3f1c2a9e-5b7d-4e11-9c3a-0d2b6e8f4a10';
let doc: OpenAPIV3.Document;
let op: (id: string) => FixtureOp;
let catalog: Catalog;

beforeAll(async () => {
  ({ doc, op } = await loadGadgets());
  catalog = await loadCatalog({ indexer, dir: CATALOG_DIR });
});

function gadgets(id: string, args: RequestArgs): Promise<{ problems: Problem[]; part?: string; input: { query: Record<string, unknown>; body?: unknown } }> {
  const o = op(id);
  return findProblems({ doc, spec: o.spec, key: `gadgets#${id}`, operationId: id }, args);
}

async function konnect(operationId: string, args: RequestArgs, api?: string) {
  const o = catalog.find(operationId, api);
  const d = await catalog.spec(catalog.api(o));
  return findProblems({ doc: d, spec: operationSpec(d, o), key: `${o.apiKey}#${operationId}`, operationId }, args);
}

const valid = { name: 'g', config: { type: 'http', url: 'https://example.com' } };

describe('validation before sending', () => {
  it('accepts a valid body and does not require readOnly fields such as id', async () => {
    expect((await gadgets('create-gadget', { body: valid })).problems).toEqual([]);
  });

  it('reports every problem with its path', async () => {
    const { problems } = await gadgets('create-gadget', {
      body: { name: '', kind: 'medium', port: 0, extra: 1, config: { type: 'tcp', host: 'h' }, children: [{ name: 5, config: valid.config }] },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'body.name', message: 'must NOT have fewer than 1 characters' },
        { path: 'body.kind', message: 'must be one of: "small", "large", null (got "medium")' },
        { path: 'body.port', message: 'must be > 0' },
        { path: 'body.extra', message: expect.stringMatching(/^is not a known field here; known: id, name, description, kind, port/) as string },
        { path: 'body.config.port', message: 'is required' },
        { path: 'body.children[0].name', message: 'must be string (got number)' },
      ]),
    );
  });

  it('reports only the problems of the union branch the body names, without the union\'s own line', async () => {
    const { problems, part } = await gadgets('create-gadget', { body: { name: 'g', config: { type: 'tcp', host: 'h' } } });
    expect(problems).toEqual([{ path: 'body.config.port', message: 'is required' }]);
    expect(part).toBe('requestBody.config.oneOf[1]');
  });

  it('names the missing required body and path parameters', async () => {
    expect((await gadgets('create-gadget', {})).problems).toEqual([{ path: 'body', message: 'is required' }]);
    expect((await gadgets('get-gadget', {})).problems).toEqual([{ path: 'pathParams.gadgetId', message: 'is required' }]);
  });

  it('checks formats, enums and types of parameters', async () => {
    const { problems } = await gadgets('list-gadgets', { query: { sort: 'size', include_deleted: 'yes', 'page[size]': 500 } });
    expect(problems).toEqual([
      { path: 'query.page[size]', message: 'must be <= 100' },
      { path: 'query.include_deleted', message: 'must be boolean (got string)' },
      { path: 'query.sort', message: 'must be one of: "name", "created_at" (got "size")' },
    ]);
    expect((await gadgets('get-gadget', { pathParams: { gadgetId: 'my-gadget' } })).problems).toEqual([{ path: 'pathParams.gadgetId', message: 'must be a valid uuid (got "my-gadget")' }]);
  });

  it('refuses empty, "." and ".." path values alongside the other problems', async () => {
    const { problems } = await gadgets('get-gadget-file', { pathParams: { gadgetId: '..', fileName: '' } });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'pathParams.gadgetId', message: 'must be an id or name, not ".."' },
        { path: 'pathParams.fileName', message: 'must be an id or name, not ""' },
      ]),
    );
  });

  it('refuses unknown parameters and lists the known ones', async () => {
    const { problems } = await gadgets('get-gadget', { pathParams: { gadgetId: ID, other: 'x' }, query: { limit: 5 } });
    expect(problems).toEqual([
      { path: 'pathParams.other', message: 'is not a path parameter of get-gadget; known: gadgetId' },
      { path: 'query.limit', message: 'is not a query parameter of get-gadget; there are none' },
    ]);
  });

  it('accepts null for nullable fields and checks a self-referencing schema (a true cycle)', async () => {
    const body = { ...valid, description: null, kind: null, parent: { ...valid, parent: { name: 'root', config: { type: 'tcp', host: 'h', port: 1 } } } };
    expect((await gadgets('create-gadget', { body })).problems).toEqual([]);
    const bad = { ...valid, parent: { ...valid, parent: { name: 'root' } } };
    expect((await gadgets('create-gadget', { body: bad })).problems).toEqual([{ path: 'body.parent.parent.config', message: 'is required' }]);
  });

  it('accepts a value matching more than one oneOf branch, as the API would', async () => {
    const { problems } = await konnect('query-requests', { body: { time_range: { type: 'relative', time_range: '1H' } } });
    expect(problems).toEqual([]);
  });

  it('accepts private and loopback URLs for format url, unlike ajv-formats', async () => {
    expect((await gadgets('create-gadget', { body: { ...valid, homepage: 'http://127.0.0.1:8080/x' } })).problems).toEqual([]);
  });
});

describe('coercion of unambiguous values only', () => {
  it('turns a numeric string into an integer query parameter', async () => {
    const { problems, input } = await gadgets('list-gadgets', { query: { 'page[size]': '10' } });
    expect(problems).toEqual([]);
    expect(input.query['page[size]']).toBe(10);
  });

  it('leaves a non-numeric string to fail', async () => {
    expect((await gadgets('list-gadgets', { query: { 'page[size]': '10 items' } })).problems).toEqual([{ path: 'query.page[size]', message: 'must be integer (got string)' }]);
  });

  it('parses a JSON body passed as a string', async () => {
    const { problems, input } = await gadgets('create-gadget', { body: JSON.stringify(valid) });
    expect(problems).toEqual([]);
    expect(input.body).toEqual(valid);
  });

  it('says so when a string body is not JSON', async () => {
    expect((await gadgets('create-gadget', { body: '{name: g' })).problems).toContainEqual({ path: 'body', message: 'is a string that is not valid JSON; pass the body as a JSON object' });
  });

  it('refuses a body for an operation that takes none', async () => {
    expect((await gadgets('get-gadget', { pathParams: { gadgetId: ID }, body: {} })).problems).toEqual([{ path: 'body', message: 'this operation takes no request body; remove it' }]);
  });

  it('coerces a numeric header value for an integer header', async () => {
    expect((await gadgets('list-gadgets', { headers: { 'x-trace-level': '3' } })).problems).toEqual([]);
    expect((await gadgets('list-gadgets', { headers: { 'X-Trace-Level': 'high' } })).problems).toEqual([{ path: 'headers.X-Trace-Level', message: 'must be integer (got string)' }]);
  });
});

describe('query names as the spec spells them', () => {
  it('accepts a real list-route filter in either form', async () => {
    const cp = '9524ec7d-36d9-465d-a8c5-83a3c9390458';
    expect((await konnect('list-route', { pathParams: { controlPlaneId: cp }, query: { 'filter[name][contains]': 'a', size: 10 } })).problems).toEqual([]);
    expect((await konnect('list-route', { pathParams: { controlPlaneId: cp }, query: { filter: { name: { contains: 'a' } } } })).problems).toEqual([]);
  });
});

describe('errors in words', () => {
  const CP = '9524ec7d-36d9-465d-a8c5-83a3c9390458';
  const SERVICE = '7fca84d6-1e0b-4c6e-9a55-2b1d0c3e4f60';

  it('says in words how a gateway service is written in a metrics filter, in one line, and names the part showing that filter', async () => {
    const body = { metrics: ['request_count'], filters: [{ field: 'gateway_service', operator: 'in', value: [SERVICE] }] };
    const { problems, part } = await konnect('metrics', { body });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('body.filters[0].value[0]');
    expect(problems[0]!.message).toMatch(/^a gateway service is written <controlPlaneId>:<serviceId> here, two UUIDs joined by ':', e\.g\. "[0-9a-f-]{36}:7fca84d6-1e0b-4c6e-9a55-2b1d0c3e4f60"/);
    expect(part).toMatch(/^requestBody\.oneOf\[0\]\.filters\.oneOf\[\d+\]/);
    const o = catalog.find('metrics');
    const d = await catalog.spec(catalog.api(o));
    const err = await validateCall({ doc: d, spec: operationSpec(d, o), key: 'words#metrics', operationId: 'metrics' }, { body }).catch((e: unknown) => e as Error);
    expect((err as Error).message.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(1);
    expect((err as Error).message).toContain(`(get_schema metrics with part "${part}" shows that shape)`);
    expect((await konnect('metrics', { body: { ...body, filters: [{ ...body.filters[0], value: [`${CP}:${SERVICE}`] }] } })).problems).toEqual([]);
  });

  it('names the entity from the branch the filter names, in every API with such ids (a route in api-requests)', async () => {
    const body = { filters: [{ field: 'route', operator: 'in', value: ['orders'] }] };
    const { problems, part } = await konnect('query-requests', { body });
    expect(problems).toEqual([{ path: 'body.filters[0].value[0]', message: expect.stringMatching(/^a route is written <controlPlaneId>:<routeId> here, two UUIDs joined by ':'.*; got "orders"$/) as string }]);
    expect(part).toMatch(/^requestBody\.oneOf\[0\]\.filters\.oneOf\[\d+\]\.oneOf\[0\]$/);
  });

  it('picks the branch by the value it is keyed by, and says when only the case is wrong', async () => {
    const { problems, part } = await konnect('metrics', { body: { datasource: 'llm_usage', metrics: ['request_count'], time_range: { type: 'relative', time_range: '24H' } } });
    expect(part).toBe('requestBody.oneOf[1]');
    expect(problems.map((p) => p.path)).toEqual(['body.metrics[0]', 'body.time_range.time_range']);
    expect(problems[1]!.message).toMatch(/\(got "24H"\); write "24h" exactly \(case matters\)$/);
  });

  it('lists a query\'s whole vocabulary when a metric name is wrong', async () => {
    const { problems } = await konnect('metrics', { body: { metrics: ['p95_latency'] } });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain('"upstream_latency_p99"');
    expect(problems[0]!.message).not.toContain('more)');
  });
});

describe('validateCall', () => {
  it('throws one VALIDATION refusal that lists every problem and says nothing was sent', async () => {
    const o = op('create-gadget');
    const err = await validateCall({ doc, spec: o.spec, key: 'gadgets#create-gadget-2', operationId: 'create-gadget' }, { body: { name: 1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).code).toBe('VALIDATION');
    expect((err as Error).message).toMatch(/^2 problems with the arguments for create-gadget; nothing was sent:\n/);
    expect((err as Error).message).toContain('\n- body.name: must be string (got number)\n');
    expect((err as Error).message).toContain('\n- body.config: is required\n');
    expect((err as Error).message).toMatch(/\nFix them \(get_schema create-gadget shows the schema\) and call again\.$/);
  });

  it('explains the first 500 of 50,000 unknown query parameters and says there are more', async () => {
    // Each explained error looks back at the earlier ones: explaining all of a hostile call's errors took minutes.
    const query = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, 'v']));
    const o = op('get-gadget');
    const target = { doc, spec: o.spec, key: 'gadgets#get-gadget-many', operationId: 'get-gadget' };
    const { problems, unexplained } = await findProblems(target, { pathParams: { gadgetId: ID }, query });
    expect(problems).toHaveLength(500);
    expect(unexplained).toBe(49_500);
    const err = await validateCall(target, { pathParams: { gadgetId: ID }, query }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^Over 500 problems with the arguments for get-gadget; nothing was sent:\n/);
    expect((err as Error).message).toContain('\n- ... and over 475 more\n');
  });

  it('renders JSON pointers as dot paths with array indexes', () => {
    expect(dataPath('/body/routes/0/paths/1')).toBe('body.routes[0].paths[1]');
    expect(dataPath('/query/filter[name][eq]')).toBe('query.filter[name][eq]');
    expect(dataPath('/body/a~1b')).toBe('body.a/b');
  });
});

describe('every operation in the catalog', () => {
  it('compiles a validator for each of the bundled operations, every version', async () => {
    const all = await loadCatalog({ indexer, dir: CATALOG_DIR, allVersions: true });
    const failures: string[] = [];
    for (const o of all.operations) {
      const d = await all.spec(all.api(o));
      await findProblems({ doc: d, spec: operationSpec(d, o), key: `all:${o.apiKey}#${o.method} ${o.path}`, operationId: o.operationId }, {}).catch((e: unknown) => failures.push(`${o.apiKey} ${o.operationId}: ${String(e)}`));
    }
    expect(failures).toEqual([]);
    expect(all.operations.length).toBeGreaterThan(1000);
  }, 120_000); // compiles ~1,200 validators: a busy 2-core machine needs more than the default
});
