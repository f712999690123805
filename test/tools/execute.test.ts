import { countTokens } from 'gpt-tokenizer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { indexer } from '../../src/search/index.js';
import { parseConfig, type Config } from '../../src/config.js';
import type { DocsIndex } from '../../src/docs/types.js';
import { createSender } from '../../src/http/client.js';
import { CATALOG_DIR } from '../../src/paths.js';
import type { ToolDeps } from '../../src/deps.js';
import { handle, type ExecuteArgs } from '../../src/tools/execute.js';
import type { ToolResult } from '../../src/tools/result.js';
import { answerLog } from '../helpers/answers.js';
import { GADGETS } from '../helpers/gadgets.js';
import { executeDeps } from '../helpers/execute-deps.js';
import { json, startServer, type TestServer } from '../helpers/http-server.js';
import { spawnServer } from '../helpers/mcp-client.js';

const TOKEN = 'kpat_executeSuiteSecret0123456789abcdef';
const ID = '3f1c2a9e-5b7d-4e11-9c3a-0d2b6e8f4a10';
const log = answerLog(TOKEN);
let server: TestServer;
let catalog: Promise<Catalog>;

beforeAll(async () => {
  server = await startServer();
  catalog = loadCatalog({ indexer, dir: CATALOG_DIR, extraSpecs: [GADGETS] });
  await catalog;
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.handle((_req, res) => json(res, 200, { data: [] }));
});

function deps(overrides: Partial<Config> = {}): ToolDeps {
  return executeDeps({ token: TOKEN, baseUrl: server.url, catalog, overrides });
}

async function run(args: ExecuteArgs, d: ToolDeps = deps()): Promise<ToolResult & { structuredContent?: Record<string, unknown> }> {
  return log.record(await handle(args, d));
}

const text = (r: ToolResult): string => r.content[0]?.text ?? '';
const valid = { name: 'g', config: { type: 'http', url: 'https://example.com' } };

describe('execute sends one correct request', () => {
  it('builds the URL with deepObject filters, booleans and the version prefix, and returns the shaped response', async () => {
    server.handle((_req, res) => json(res, 200, { data: [{ id: 'a' }] }, { 'x-kong-request-id': 'rid-1', 'ratelimit-remaining': '99' }));
    const r = await run({ operationId: 'list-gadgets', query: { filter: { name: { contains: 'x y' } }, include_deleted: true, 'page[size]': '10' } });
    expect(server.requests.map((q) => `${q.method} ${q.url}`)).toEqual(['GET /v7/gadgets?filter[name][contains]=x%20y&include_deleted=true&page[size]=10']);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toEqual({
      status: 200,
      ok: true,
      method: 'GET',
      url: `${server.url}/v7/gadgets?filter[name][contains]=x%20y&include_deleted=true&page[size]=10`,
      retries: 0,
      headers: { 'x-kong-request-id': 'rid-1', 'ratelimit-remaining': '99', 'content-type': 'application/json' },
      body: { data: [{ id: 'a' }] },
    });
    expect(JSON.parse(text(r))).toEqual(r.structuredContent);
  });

  it('encodes path traversal into one segment', async () => {
    await run({ operationId: 'get-gadget-file', pathParams: { gadgetId: '../../v3/users', fileName: 'a' } });
    expect(server.requests.map((q) => q.url)).toEqual(['/v7/gadgets/..%2F..%2Fv3%2Fusers/files/a']);
  });

  it('sends a JSON body passed as a string as JSON', async () => {
    await run({ operationId: 'create-gadget', body: JSON.stringify(valid) });
    expect(server.requests[0]).toMatchObject({ method: 'POST', body: JSON.stringify(valid), headers: { 'content-type': 'application/json' } });
  });

  it('routes a regional API to the region asked for, and a global API to the global host', async () => {
    const d = deps({ baseUrl: undefined });
    const eu = await run({ operationId: 'list-gadgets', region: 'eu', dryRun: true }, d);
    expect(eu.structuredContent?.url).toBe('https://eu.api.konghq.com/v7/gadgets');
    const me = await run({ operationId: 'get-users-me', api: 'identity', region: 'au', dryRun: true }, d);
    expect(me.structuredContent?.url).toBe('https://global.api.konghq.com/v3/users/me');
  });

  it('sends dev-portal calls to the baseUrl given, without the Konnect token', async () => {
    const r = await run({ operationId: 'list-apis', api: 'dev-portal', baseUrl: server.url });
    expect(r.isError).toBeFalsy();
    expect(server.requests[0]?.url).toBe('/api/v3/apis');
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    const missing = await run({ operationId: 'list-apis', api: 'dev-portal' }, deps({ baseUrl: undefined }));
    expect(text(missing)).toMatch(/^\[ROUTING\] .*pass baseUrl/);
  });

  it('works without a token for dev-portal calls, and explains the token for the rest', async () => {
    const d = deps({ token: undefined });
    expect((await run({ operationId: 'list-apis', api: 'dev-portal', baseUrl: server.url }, d)).isError).toBeFalsy();
    const r = await run({ operationId: 'list-gadgets' }, d);
    expect(text(r)).toMatch(/^\[MISSING_TOKEN\] .*KONNECT_TOKEN/);
    expect(server.requests).toHaveLength(1);
  });
});

describe('execute refuses with a reason and sends nothing', () => {
  it('lists every validation problem with its path', async () => {
    const r = await run({ operationId: 'create-gadget', body: { name: 5, kind: 'huge' } });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/^\[VALIDATION\] 3 problems with the arguments for create-gadget; nothing was sent:/);
    expect(text(r)).toContain('- body.name: must be string (got number)');
    expect(text(r)).toContain('- body.kind: must be one of: "small", "large", null (got "huge")');
    expect(text(r)).toContain('- body.config: is required');
    expect(server.requests).toEqual([]);
  });

  it('refuses to let the caller override Authorization, and CR/LF in a header', async () => {
    const auth = await run({ operationId: 'list-gadgets', headers: { Authorization: 'Bearer kpat_other' } });
    expect(text(auth)).toMatch(/^\[HEADER\] header Authorization cannot be set by the caller/);
    const crlf = await run({ operationId: 'list-gadgets', headers: { 'X-Trace-Level': '1\r\nHost: evil' } });
    expect(text(crlf)).toMatch(/^\[HEADER\] .*CR, LF or NUL/);
    expect(server.requests).toEqual([]);
  });

  it('read-only blocks a DELETE and allows the analytics query', async () => {
    const d = deps({ readOnly: true });
    const del = await run({ operationId: 'delete-gadget', pathParams: { gadgetId: ID } }, d);
    expect(text(del)).toMatch(/^\[READ_ONLY\] delete-gadget \(DELETE \/gadgets\/\{gadgetId\}\) writes/);
    expect(server.requests).toEqual([]);
    const query = await run({ operationId: 'query-requests', body: { time_range: { type: 'relative', time_range: '24H' } } }, d);
    expect(query.isError).toBeFalsy();
    expect(server.requests.map((q) => `${q.method} ${q.url}`)).toEqual(['POST /v2/api-requests']);
  });

  it('enforces allow and deny globs over operationId and METHOD /path', async () => {
    expect(text(await run({ operationId: 'delete-gadget', pathParams: { gadgetId: ID } }, deps({ deny: ['DELETE /gadgets/*'] })))).toMatch(/^\[DENIED\] .*deny rule "DELETE \/gadgets\/\*"/);
    expect(text(await run({ operationId: 'get-gadget', pathParams: { gadgetId: ID } }, deps({ allow: ['list-*'] })))).toMatch(/^\[DENIED\] .*not in the allow list/);
    expect((await run({ operationId: 'list-gadgets' }, deps({ allow: ['list-*'] }))).isError).toBeFalsy();
    expect(server.requests).toHaveLength(1);
  });

  it('dryRun returns the exact request with the token redacted and a curl line, and sends nothing', async () => {
    const r = await run({ operationId: 'create-gadget', body: valid, dryRun: true });
    expect(r.structuredContent).toEqual({
      dryRun: true,
      method: 'POST',
      url: `${server.url}/v7/gadgets`,
      headers: { Authorization: 'Bearer kpat_…', 'User-Agent': 'konnect-mcp/0.0.0-test', Accept: 'application/json', 'Content-Type': 'application/json' },
      body: valid,
      curl: `curl -X POST '${server.url}/v7/gadgets' -H 'Authorization: Bearer kpat_…' -H 'User-Agent: konnect-mcp/0.0.0-test' -H 'Accept: application/json' -H 'Content-Type: application/json' --data '${JSON.stringify(valid)}'`,
    });
    expect(server.requests).toEqual([]);
  });

  it('dryRun works without a token and shows where it would go', async () => {
    const r = await run({ operationId: 'delete-gadget', pathParams: { gadgetId: ID }, dryRun: true }, deps({ token: undefined }));
    expect(r.structuredContent).toMatchObject({ method: 'DELETE', headers: { Authorization: 'Bearer <KONNECT_TOKEN>' } });
    expect(server.requests).toEqual([]);
  });
});

describe('execute shapes what comes back', () => {
  it('returns an HTML error page as trimmed text with the 5xx hint', async () => {
    server.handle((_req, res) => void res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1>\n\n<p>nginx</p></body></html>'));
    const r = await run({ operationId: 'get-gadget', pathParams: { gadgetId: ID } });
    expect(r.isError).toBe(true);
    expect(r.structuredContent).toMatchObject({ status: 502, ok: false, body: '502 Bad Gateway nginx', retries: 2 });
    expect(r.structuredContent?.hint).toMatch(/Konnect's side/);
  });

  it('cuts a 5 MB list to the budget as valid JSON and says how many items there were', async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `gadget-${i}`, description: 'd'.repeat(200) }));
    const payload = JSON.stringify({ data: items, meta: { page: { number: 1, size: 20_000, total: 20_000 } } });
    expect(payload.length).toBeGreaterThan(5_000_000);
    server.handle((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(payload));
    const r = await run({ operationId: 'list-gadgets' });
    expect(r.isError).toBeFalsy();
    const out = JSON.parse(text(r)) as { body: { data: { id: string }[]; meta: unknown }; truncated: { total: number; returned: number; hint: string } };
    expect(out.truncated).toMatchObject({ path: 'data', total: 20_000 });
    expect(out.body.data).toHaveLength(out.truncated.returned);
    expect(out.body.data[0]?.id).toBe(items[0]?.id);
    expect(countTokens(text(r))).toBeLessThanOrEqual(22_000);
    expect(out.body.meta).toEqual({ page: { size: 20_000, total: 20_000 } }); // the page number would skip the cut items
  });

  it('honours a smaller configured budget', async () => {
    server.handle((_req, res) => json(res, 200, { data: Array.from({ length: 500 }, (_, i) => ({ id: i, name: `n${i}` })) }));
    const r = await run({ operationId: 'list-gadgets' }, deps({ maxResponseTokens: 500 }));
    expect(JSON.stringify((r.structuredContent as { body: unknown }).body).length).toBeLessThanOrEqual(1_500);
    expect(r.structuredContent?.truncated).toMatchObject({ total: 500 });
  });

  it('projects list items onto fields and notes names no item has', async () => {
    server.handle((_req, res) => json(res, 200, { data: [{ id: 'a', name: 'n', config: { host: 'h', port: 1 } }] }));
    const r = await run({ operationId: 'list-gadgets', fields: ['id', 'config.host', 'nmae'] });
    expect(r.structuredContent).toMatchObject({ body: { data: [{ id: 'a', config: { host: 'h' } }] }, notes: [expect.stringMatching(/no item has nmae/) as string] });
  });

  it('follows page[number] pagination up to maxItems', async () => {
    const all = Array.from({ length: 250 }, (_, i) => ({ id: i }));
    server.handle((req, res) => {
      const url = new URL(req.url, server.url);
      const size = Number(url.searchParams.get('page[size]') ?? 10);
      const number = Number(url.searchParams.get('page[number]') ?? 1);
      json(res, 200, { data: all.slice((number - 1) * size, number * size), meta: { page: { number, size, total: all.length } } });
    });
    const r = await run({ operationId: 'list-gadgets', maxItems: 120, fields: ['id'] });
    expect(server.requests.map((q) => q.url)).toEqual(['/v7/gadgets?page[size]=100', '/v7/gadgets?page[size]=100&page[number]=2']);
    expect((r.structuredContent as { body: { data: unknown[] } }).body.data).toEqual(all.slice(0, 120));
    expect(r.structuredContent?.pagination).toEqual({ pages: 2, items: 120, more: true, resume: expect.any(String) as string });
  });

  it('follows a page[after] cursor read from meta.page.next, only on the configured host', async () => {
    server.handle((req, res) => {
      const after = new URL(req.url, server.url).searchParams.get('page[after]');
      if (!after) return json(res, 200, { data: [{ id: 1 }], meta: { page: { next: 'https://evil.example.com/v7/gadgets?page[after]=c2', size: 1 } } });
      json(res, 200, { data: [{ id: 2 }], meta: { page: { next: null, size: 1 } } });
    });
    const r = await run({ operationId: 'list-gadgets', maxItems: 10 });
    expect(server.requests.map((q) => q.url)).toEqual(['/v7/gadgets?page[size]=10', '/v7/gadgets?page[size]=10&page[after]=c2']);
    expect(r.structuredContent).toMatchObject({ body: { data: [{ id: 1 }, { id: 2 }] }, pagination: { pages: 2, items: 2, more: false } });
  });

  it('returns API errors as isError with status, problem body and hint', async () => {
    server.handle((_req, res) => json(res, 401, { status: 401, title: 'Unauthorized', detail: 'Invalid token' }));
    const r = await run({ operationId: 'get-gadget', pathParams: { gadgetId: ID } });
    expect(r.isError).toBe(true);
    expect(r.structuredContent).toMatchObject({ status: 401, ok: false, body: { title: 'Unauthorized', detail: 'Invalid token' } });
    expect(r.structuredContent?.hint).toMatch(/invalid or expired/);
  });

  it('gives back a 429 whose Retry-After is beyond the cap, with when to retry', async () => {
    server.handle((_req, res) => json(res, 429, { title: 'Too Many Requests' }, { 'Retry-After': '90' }));
    const r = await run({ operationId: 'list-gadgets' });
    expect(r.structuredContent).toMatchObject({ status: 429, retries: 0, hint: 'Rate limited by Konnect: retry after 90 s. Slow down or narrow the request.' });
    expect(server.requests).toHaveLength(1);
  });

  it('reports a hang beyond the timeout as TIMEOUT with the method and URL', async () => {
    server.handle(() => undefined);
    const r = await run({ operationId: 'list-gadgets' }, deps({ timeoutMs: 300 }));
    expect(text(r)).toBe(`[TIMEOUT] GET ${server.url}/v7/gadgets: no answer within 300 ms (after 0 retries). If it was a write, check whether it took effect before repeating it; otherwise narrow the query or raise KONNECT_TIMEOUT.`);
  });

  it('redacts the token when a server echoes it back', async () => {
    server.handle((req, res) => json(res, 400, { detail: `bad header ${req.headers.authorization ?? ''}` }, { 'x-request-id': String(req.headers.authorization) }));
    const r = await run({ operationId: 'list-gadgets' });
    expect(JSON.stringify(r)).not.toContain(TOKEN);
    expect((r.structuredContent as { body: { detail: string } }).body.detail).toBe('bad header Bearer kpat_…');
  });
});

describe('execute over stdio (the built server)', () => {
  it('refuses invalid and read-only calls without sending, returns API errors, and keeps serving', async () => {
    const mcp = await spawnServer({ KONNECT_TOKEN: TOKEN, KONNECT_BASE_URL: server.url, KONNECT_READ_ONLY: '1' });
    try {
      const call = async (args: ExecuteArgs) => log.record((await mcp.client.callTool({ name: 'execute', arguments: { ...args } })) as ToolResult);
      const invalid = await call({ operationId: 'get-control-plane', pathParams: { controlPlaneId: 'prod' } });
      expect(text(invalid)).toMatch(/^\[VALIDATION\] 1 problem .*\n- pathParams.controlPlaneId: must be a valid uuid \(got "prod"\)/);
      const write = await call({ operationId: 'delete-control-plane', pathParams: { controlPlaneId: ID } });
      expect(text(write)).toMatch(/^\[READ_ONLY\] /);
      const preview = await call({ operationId: 'delete-control-plane', pathParams: { controlPlaneId: ID }, dryRun: true });
      expect(preview.structuredContent).toMatchObject({ dryRun: true, method: 'DELETE', refused: expect.stringMatching(/^would be refused: read-only/) as string });
      const stray = await call({ operationId: 'list-control-planes', filter: { name: { eq: 'x' } } } as ExecuteArgs);
      expect(text(stray)).toMatch(/^\[UNKNOWN_ARGUMENT\] `filter` goes inside query\. Nothing was sent\. execute takes: operationId, /);
      expect(server.requests).toEqual([]);
      server.handle((_req, res) => json(res, 404, { status: 404, title: 'Not Found' }));
      const missing = await call({ operationId: 'get-control-plane', pathParams: { controlPlaneId: ID } });
      expect(missing.isError).toBe(true);
      expect(missing.structuredContent).toMatchObject({ status: 404, body: { title: 'Not Found' } });
      expect(server.requests.map((q) => q.url)).toEqual([`/v2/control-planes/${ID}`]);
      expect(mcp.stderr()).not.toContain(TOKEN);
    } finally {
      await mcp.close();
    }
  });
});

describe('the token', () => {
  it('appears in none of the answers this suite produced', () => {
    expect(log.count()).toBeGreaterThan(20);
    expect(log.leaks()).toEqual([]);
  });
});
