import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { countTokens } from 'gpt-tokenizer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startServer, type TestServer } from './helpers/http-server.js';
import { BIN, spawnServer, type Spawned } from './helpers/mcp-client.js';

const TOKEN = 'kpat_e2eSecretToken0123456789';

describe('konnect-mcp over stdio', () => {
  let api: TestServer;
  let mcp: Spawned;

  beforeAll(async () => {
    api = await startServer((req, res) => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(res, 401, { title: 'Unauthorized' });
      if (req.method === 'GET' && req.url.startsWith('/v2/control-planes/9524ec7d-36d9-465d-a8c5-83a3c9390458/core-entities/routes')) {
        return json(res, 200, { data: [{ id: 'r1', name: 'orders' }], offset: null });
      }
      json(res, 404, { title: 'Not Found', detail: `no ${req.method} ${req.url}` });
    });
    mcp = await spawnServer({ KONNECT_TOKEN: TOKEN, KONNECT_BASE_URL: api.url });
  });

  afterAll(async () => {
    await mcp?.close();
    await api?.close();
  });

  it('lists the five tools with honest annotations', async () => {
    const { tools } = await mcp.client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual(['analyze_trace', 'execute', 'get_schema', 'search', 'search_docs']);
    expect(byName.analyze_trace?.annotations).toEqual({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false });
    for (const name of ['search', 'get_schema', 'search_docs']) {
      expect(byName[name]?.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
    }
    expect(byName.execute?.annotations).toMatchObject({ destructiveHint: true, openWorldHint: true });
    for (const t of tools) expect(t.outputSchema).toBeDefined();
  });

  it('keeps tools/list within 1,500 tokens in total, as a GPT-4o-class tokenizer counts', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.length).toBe(5);
    expect(countTokens(JSON.stringify({ tools }))).toBeLessThanOrEqual(1500);
  });

  it('search puts list-route in the top 3 for "list the routes of a control plane"', async () => {
    const res = await mcp.client.callTool({ name: 'search', arguments: { query: 'list the routes of a control plane' } });
    const results = (res.structuredContent as { results: { operationId: string; api: string }[] }).results;
    const top3 = results.slice(0, 3).map((r) => `${r.api}:${r.operationId}`);
    expect(top3).toContain('control-planes-config:list-route');
    expect((res.content as { text: string }[])[0]?.text).toMatch(/GET \/control-planes\/\{controlPlaneId\}\/core-entities\/routes {2}list-route \[control-planes-config\]/);
  });

  it('get_schema of list-route shows controlPlaneId, size and offset', async () => {
    const res = await mcp.client.callTool({ name: 'get_schema', arguments: { operationId: 'list-route' } });
    expect(res.isError).toBeFalsy();
    const params = (res.structuredContent as { parameters: { path: { name: string }[]; query: { name: string }[] } }).parameters;
    expect(params.path.map((p) => p.name)).toContain('controlPlaneId');
    expect(params.query.map((p) => p.name)).toEqual(expect.arrayContaining(['size', 'offset']));
  });

  it('execute sends GET /v2/control-planes/<id>/core-entities/routes with the bearer token', async () => {
    const res = await mcp.client.callTool({ name: 'execute', arguments: { operationId: 'list-route', pathParams: { controlPlaneId: '9524ec7d-36d9-465d-a8c5-83a3c9390458' }, query: { size: 5 } } });
    expect(res.isError).toBeFalsy();
    const last = api.requests.at(-1)!;
    expect(last.method).toBe('GET');
    expect(last.url).toBe('/v2/control-planes/9524ec7d-36d9-465d-a8c5-83a3c9390458/core-entities/routes?size=5');
    expect(last.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(last.headers['user-agent']).toMatch(/^konnect-mcp\//);
    expect(res.structuredContent).toMatchObject({ status: 200, ok: true, body: { data: [{ id: 'r1' }] } });
    expect(JSON.stringify(res)).not.toContain(TOKEN);
  });

  it('unknown operation gives a did-you-mean and a hint, and the server keeps working', async () => {
    const res = await mcp.client.callTool({ name: 'get_schema', arguments: { operationId: 'list-routes' } });
    expect(res.isError).toBe(true);
    const text = (res.content as { text: string }[])[0]?.text ?? '';
    expect(text).toContain('list-route');
    expect(text).toMatch(/Use search/);
    const again = await mcp.client.callTool({ name: 'search', arguments: { query: 'delete consumer' } });
    expect(again.isError).toBeFalsy();
  });

  it('search_docs answers offline', async () => {
    const res = await mcp.client.callTool({ name: 'search_docs', arguments: { query: 'rate limiting plugin' } });
    expect(res.isError).toBeFalsy();
    const results = (res.structuredContent as { results: { url: string }[] }).results;
    expect(results.length).toBeGreaterThan(0);
    expect(results[0]?.url).toMatch(/^https:\/\/developer\.konghq\.com\//);
  });

  it('analyze_trace names the bottleneck of a Debugger trace file, and refuses other files with a next step', async () => {
    const path = fileURLToPath(new URL('fixtures/traces/slow-upstream.json', import.meta.url));
    const res = await mcp.client.callTool({ name: 'analyze_trace', arguments: { path } });
    expect(res.isError).toBeFalsy();
    const traces = (res.structuredContent as { traces: { bottleneck: { what: string; ms: number; share: number } }[] }).traces;
    expect(traces[0]?.bottleneck).toMatchObject({ what: 'upstream time to first byte', ms: 1550, share: 81.6 });
    expect((res.content as { text: string }[])[0]?.text).toContain('82% of 1.9 s is the upstream answering: time to first byte 1.55 s from 10.0.3.7:8080');
    const bad = await mcp.client.callTool({ name: 'analyze_trace', arguments: { path: fileURLToPath(new URL('e2e.test.ts', import.meta.url)) } });
    expect(bad.isError).toBe(true);
    expect((bad.content as { text: string }[])[0]?.text).toMatch(/^\[BAD_TRACE_FILE\] .* is not a \.json or \.zip file/);
    const unknown = await mcp.client.callTool({ name: 'analyze_trace', arguments: { path, depth: 2 } });
    expect(unknown.isError).toBe(true);
  });

  it('search points questions about active tracing to analyze_trace and the Debugger docs', async () => {
    const res = await mcp.client.callTool({ name: 'search', arguments: { query: 'start an active tracing debug session on a route' } });
    expect((res.content as { text: string }[])[0]?.text).toContain('analyze_trace. Docs: https://developer.konghq.com/observability/debugger/');
  });

  it('keeps the token out of stderr', () => {
    expect(mcp.stderr()).not.toContain(TOKEN);
  });
});

describe('stdout over a raw pipe', () => {
  // The SDK client skips stdout lines that are not JSON, so only a raw read can prove there are none.
  it('carries nothing but JSON-RPC messages, one per line, with diagnostics on stderr', async () => {
    const child = spawn(process.execPath, [BIN], { env: { PATH: process.env.PATH ?? '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const messages = [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'search', arguments: { query: 'list routes' } } },
      { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'get_schema', arguments: { operationId: 'no-such-op' } } },
      { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'execute', arguments: { operationId: 'list-control-planes' } } },
      { jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'search_docs', arguments: { query: 'rate limiting' } } },
    ];
    for (const m of messages) child.stdin.write(`${JSON.stringify(m)}\n`);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to all requests; stdout so far:\n${out}`)), 20_000);
      const check = (): void => {
        // Answers may come in any order; stdin closes only after all six, since a closed stdin stops the server.
        if (out.split('\n').filter((l) => l.startsWith('{') && l.endsWith('}')).length >= 6) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', check);
    });
    child.stdin.end();
    await new Promise((resolve) => child.on('close', resolve));
    const lines = out.split('\n').filter((l) => l !== '');
    expect(lines.length).toBe(6); // one answer per request with an id
    for (const line of lines) {
      const msg = JSON.parse(line) as { jsonrpc?: string; id?: number };
      expect(msg.jsonrpc).toBe('2.0');
    }
    expect(lines.map((l) => (JSON.parse(l) as { id: number }).id).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(err).toMatch(/no token set/); // the startup note went to stderr, not stdout
  });
});

describe('without a token', () => {
  it('starts, searches, and execute explains how to set a token', async () => {
    const mcp = await spawnServer({});
    try {
      const s = await mcp.client.callTool({ name: 'search', arguments: { query: 'list control planes' } });
      expect(s.isError).toBeFalsy();
      const e = await mcp.client.callTool({ name: 'execute', arguments: { operationId: 'list-control-planes' } });
      expect(e.isError).toBe(true);
      expect((e.content as { text: string }[])[0]?.text).toMatch(/KONNECT_TOKEN/);
      expect(mcp.stderr()).toMatch(/no token set/);
    } finally {
      await mcp.close();
    }
  });
});
