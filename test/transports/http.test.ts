// Team mode over real HTTP on 127.0.0.1: the built bin with --http, the SDK's Streamable HTTP client, and a local
// upstream standing in for Konnect that records the token of every request it gets.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { json, startServer, type Recorded, type TestServer } from '../helpers/http-server.js';
import { accessLog, connectHttp, spawnHttp, type Instance } from '../helpers/http-instance.js';
import { runBin } from '../helpers/run-bin.js';

const ALICE = 'kpat_aliceSecret0123456789abcdef';
const BOB = 'spat_bobSecret0123456789abcdef';
const OWNERS = new Map([
  [`Bearer ${ALICE}`, 'alice'],
  [`Bearer ${BOB}`, 'bob'],
]);
const CP = { alice: '11111111-1111-4111-8111-111111111111', bob: '22222222-2222-4222-8222-222222222222', slow: '33333333-3333-4333-8333-333333333333' };
const ROUTES = /^\/v2\/control-planes\/([0-9a-f-]{36})\/core-entities\/routes/;

/** Answers list-route with the owner of the token it received (never the token itself). */
function upstream(req: Recorded, res: Parameters<Parameters<typeof startServer>[0] & object>[1]): unknown {
  const owner = OWNERS.get(req.headers.authorization ?? '');
  if (!owner) return json(res, 401, { title: 'Unauthorized' });
  const m = ROUTES.exec(req.url);
  if (!m) return json(res, 404, { title: 'Not Found' });
  const answer = (): void => json(res, 200, { data: [{ id: 'r1', owner, controlPlane: m[1] }], offset: null });
  if (m[1] === CP.slow) return void setTimeout(answer, 1500);
  return answer();
}

const listRoutes = (cp: string, size = 5) => ({ name: 'execute', arguments: { operationId: 'list-route', pathParams: { controlPlaneId: cp }, query: { size } } });
const text = (res: { content?: unknown }): string => ((res.content as { text?: string }[] | undefined) ?? []).map((c) => c.text ?? '').join('\n');

/** A raw POST whose body arrives in chunks, so a refusal can come before the body ends. */
function rawPost(url: string, size: number, declare: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(declare ? { 'content-length': String(size) } : {}) } });
    let status = 0;
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status, body }));
    });
    // Once the answer is in, the server may cut the rest of the upload: that is the point.
    req.on('error', (err) => (status ? resolve({ status, body: '' }) : reject(err)));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('konnect-mcp --http', () => {
  let api: TestServer;
  let server: Instance;
  let alice: Client;
  let bob: Client;

  beforeAll(async () => {
    api = await startServer(upstream);
    server = await spawnHttp(['--base-url', api.url]);
    alice = await connectHttp(server.url, ALICE);
    bob = await connectHttp(server.url, BOB);
  });

  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await server?.stop();
    await api?.close();
  });

  it('lists the tools and answers search over HTTP', async () => {
    const { tools } = await alice.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['analyze_trace', 'execute', 'get_schema', 'search', 'search_docs']);
    const res = await alice.callTool({ name: 'search', arguments: { query: 'list the routes of a control plane' } });
    const results = (res.structuredContent as { results: { operationId: string }[] }).results;
    expect(results.slice(0, 3).map((r) => r.operationId)).toContain('list-route');
  });

  it("execute sends the request's own bearer token upstream and never shows it", async () => {
    const res = await alice.callTool(listRoutes(CP.alice));
    expect(res.isError).toBeFalsy();
    expect(res.structuredContent).toMatchObject({ status: 200, body: { data: [{ owner: 'alice' }] } });
    expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer ${ALICE}`);
    expect(JSON.stringify(res)).not.toContain(ALICE);
  });

  it('without a bearer, search works and execute says to send the token in the Authorization header', async () => {
    const anon = await connectHttp(server.url);
    try {
      expect((await anon.callTool({ name: 'search', arguments: { query: 'list consumers' } })).isError).toBeFalsy();
      const before = api.requests.length;
      const res = await anon.callTool(listRoutes(CP.alice));
      expect(res.isError).toBe(true);
      expect(text(res)).toMatch(/Authorization: Bearer/);
      expect(api.requests.length).toBe(before);
    } finally {
      await anon.close();
    }
  });

  it('isolation: two users x 200 concurrent execute calls, every upstream request carries its caller\'s token', { timeout: 120_000 }, async () => {
    const start = api.requests.length;
    const calls = Array.from({ length: 200 }, (_, i) => [
      alice.callTool(listRoutes(CP.alice, (i % 50) + 1)).then((r) => ({ user: 'alice', r })),
      bob.callTool(listRoutes(CP.bob, (i % 50) + 1)).then((r) => ({ user: 'bob', r })),
    ]).flat();
    const answers = await Promise.all(calls);
    let wrongAnswers = 0;
    for (const { user, r } of answers) {
      const body = r.structuredContent as { body?: { data?: { owner?: string }[] } };
      if (r.isError || body.body?.data?.[0]?.owner !== user) wrongAnswers++;
      const shown = JSON.stringify(r);
      expect(shown).not.toContain(ALICE);
      expect(shown).not.toContain(BOB);
    }
    const seen = api.requests.slice(start);
    expect(seen.length).toBe(400);
    let wrongTokens = 0;
    for (const req of seen) {
      const cp = ROUTES.exec(req.url)?.[1];
      const expected = cp === CP.alice ? `Bearer ${ALICE}` : `Bearer ${BOB}`;
      if (req.headers.authorization !== expected) wrongTokens++;
    }
    expect({ wrongTokens, wrongAnswers }).toEqual({ wrongTokens: 0, wrongAnswers: 0 });
  });

  it('writes one JSON access-log line per request with the tool name and never a token', () => {
    const lines = accessLog(server);
    const calls = lines.filter((l) => l.tool === 'execute');
    expect(calls.length).toBeGreaterThanOrEqual(400);
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/mcp', rpc: 'tools/call', status: 200 });
    expect(typeof calls[0]?.ms).toBe('number');
    expect(calls[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.stderr()).not.toContain(ALICE);
    expect(server.stderr()).not.toContain(BOB);
  });

  it('answers /healthz with the version, and GET or DELETE /mcp with 405 as a stateless server', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    for (const method of ['GET', 'DELETE']) expect((await fetch(`${server.url}/mcp`, { method })).status).toBe(405);
    expect((await fetch(`${server.url}/other`)).status).toBe(404);
  });

  it('refuses a browser Origin that is not allowed with 403', async () => {
    const res = await fetch(`${server.url}/mcp`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/--allowed-origins/);
  });

  it('answers 413 to a body over 1 MB, declared or streamed, and keeps serving', async () => {
    expect((await rawPost(server.url, 2 * 1024 * 1024, true)).status).toBe(413);
    expect((await rawPost(server.url, 2 * 1024 * 1024, false)).status).toBe(413);
    expect((await alice.callTool({ name: 'search', arguments: { query: 'list routes' } })).isError).toBeFalsy();
  });

  it('serves a chunked body (no Content-Length) under the limit', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${server.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write('{"jsonrpc":"2.0","id":7,');
      req.end('"method":"tools/list"}');
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('"search_docs"');
  });

  it('refuses a malformed Authorization header with 401', async () => {
    const res = await fetch(`${server.url}/mcp`, { method: 'POST', headers: { authorization: 'Basic YWxpY2U6eA==', 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' });
    expect(res.status).toBe(401);
  });
});

describe('konnect-mcp --http options', () => {
  it('--require-auth: 401 with the resource metadata URL, and the RFC 9728 document naming the authorization servers', async () => {
    const inst = await spawnHttp(['--require-auth', '--authorization-server', 'https://auth.example.com/realms/kong', '--authorization-server', 'https://idp.example.org']);
    try {
      const res = await fetch(`${inst.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' });
      expect(res.status).toBe(401);
      const challenge = res.headers.get('www-authenticate') ?? '';
      expect(challenge).toBe(`Bearer resource_metadata="${inst.url}/.well-known/oauth-protected-resource"`);
      const doc = await (await fetch(`${inst.url}/.well-known/oauth-protected-resource`)).json();
      expect(doc).toMatchObject({ resource: `${inst.url}/mcp`, authorization_servers: ['https://auth.example.com/realms/kong', 'https://idp.example.org'], bearer_methods_supported: ['header'] });
      const client = await connectHttp(inst.url, ALICE);
      expect((await client.listTools()).tools.length).toBe(5);
      await client.close();
    } finally {
      await inst.stop();
    }
  });

  it('refuses a server-wide token at startup unless --shared-token is given, which then serves requests without a bearer', async () => {
    const refused = await runBin(['--http', '--port', '0'], { KONNECT_TOKEN: ALICE });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/everyone who can reach this port would act as this token's owner/);
    expect(refused.stderr).not.toContain(ALICE);

    const api = await startServer(upstream);
    const inst = await spawnHttp(['--shared-token', '--base-url', api.url], { KONNECT_TOKEN: ALICE });
    try {
      const anon = await connectHttp(inst.url);
      expect((await anon.callTool(listRoutes(CP.alice))).structuredContent).toMatchObject({ body: { data: [{ owner: 'alice' }] } });
      const own = await connectHttp(inst.url, BOB);
      expect((await own.callTool(listRoutes(CP.bob))).structuredContent).toMatchObject({ body: { data: [{ owner: 'bob' }] } });
      await anon.close();
      await own.close();
    } finally {
      await inst.stop();
      await api.close();
    }
  });

  it('exits 2 on a bad port or origin', async () => {
    const port = await runBin(['--http', '--port', '70000']);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/port must be a whole number from 0 to 65535/);
    const origin = await runBin(['--http', '--allowed-origins', 'https://app.example.com/path']);
    expect(origin.code).toBe(2);
  });

  it('--read-only applies to every request', async () => {
    const inst = await spawnHttp(['--read-only']);
    try {
      const client = await connectHttp(inst.url, ALICE);
      const res = await client.callTool({ name: 'execute', arguments: { operationId: 'create-consumer', api: 'control-planes-config', pathParams: { controlPlaneId: CP.alice }, body: { username: 'eve' } } });
      expect(res.isError).toBe(true);
      expect(text(res)).toMatch(/read-only/i);
      await client.close();
    } finally {
      await inst.stop();
    }
  });

  it('--body-timeout: a request whose body stops arriving is answered 408 and the server goes on', { timeout: 30_000 }, async () => {
    const inst = await spawnHttp(['--body-timeout', '500']);
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${inst.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '100' } });
        req.on('response', (res) => resolve(res.statusCode ?? 0));
        req.on('error', reject);
        req.write('{"jsonrpc":"2.0",'); // and nothing more
      });
      expect(status).toBe(408);
      expect((await fetch(`${inst.url}/healthz`)).status).toBe(200);
    } finally {
      await inst.stop();
    }
  });

  it('an allowed Origin passes', async () => {
    const inst = await spawnHttp(['--allowed-origins', 'https://app.example.com']);
    try {
      const client = await connectHttp(inst.url, undefined, { Origin: 'https://app.example.com' });
      expect((await client.listTools()).tools.length).toBe(5);
      await client.close();
    } finally {
      await inst.stop();
    }
  });

  it('SIGTERM: stops accepting, lets the in-flight call finish, exits 0', { timeout: 30_000 }, async () => {
    const api = await startServer(upstream);
    const inst = await spawnHttp(['--base-url', api.url]);
    const client = await connectHttp(inst.url, ALICE);
    const call = client.callTool(listRoutes(CP.slow));
    while (!api.requests.some((r) => r.url.includes(CP.slow))) await new Promise((r) => setTimeout(r, 20));
    inst.proc.kill('SIGTERM');
    const res = await call;
    expect(res.structuredContent).toMatchObject({ status: 200, body: { data: [{ owner: 'alice', controlPlane: CP.slow }] } });
    expect(await inst.exited).toBe(0);
    await expect(fetch(`${inst.url}/healthz`)).rejects.toThrow();
    await client.close().catch(() => undefined);
    await api.close();
  });
});
