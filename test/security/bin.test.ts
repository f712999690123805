// The hostile-input suite against the built bin over stdio: prototype keys in every string position through the
// SDK client (with an attacker listener that must see nothing), cancellation, a closed stdin with a call in
// flight, and a request line over the transport's 10 MB limit.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GADGETS } from '../helpers/gadgets.js';
import { BIN, spawnServer, type Spawned } from '../helpers/mcp-client.js';
import { hangingBody, pagedGadgets, PROTO_KEYS, type Rig, startRig, TOKEN } from './hostile.js';

let rig: Rig;
let mcp: Spawned;
const env = (): Record<string, string> => ({ KONNECT_TOKEN: TOKEN, KONNECT_BASE_URL: rig.upstream.url, KONNECT_MCP_SPECS: GADGETS });

beforeAll(async () => {
  rig = await startRig();
  pagedGadgets(rig.upstream);
  mcp = await spawnServer(env());
}, 60_000);
afterAll(async () => {
  await mcp.close();
  await rig.close();
});

type Call = [string, string, Record<string, unknown>];

function positions(k: string): Call[] {
  return [
    ['search.query', 'search', { query: k }],
    ['search.api', 'search', { query: 'list gadgets', api: k }],
    ['get_schema.operationId', 'get_schema', { operationId: k }],
    ['get_schema.api', 'get_schema', { operationId: 'list-gadgets', api: k }],
    ['get_schema.part', 'get_schema', { operationId: 'create-gadget', part: `requestBody.${k}` }],
    ['get_schema.part response', 'get_schema', { operationId: 'list-gadgets', part: `response:${k}` }],
    ['execute.operationId', 'execute', { operationId: k }],
    ['execute.pathParams', 'execute', { operationId: 'get-gadget', pathParams: { [k]: k, gadgetId: k } }],
    ['execute.query key', 'execute', { operationId: 'list-gadgets', query: { [k]: 'x', [`filter[${k}][prefixUrl]`]: `${rig.attacker.url}/` }, maxItems: 3 }],
    ['execute.query nested', 'execute', { operationId: 'list-gadgets', query: { filter: { [k]: { prefixUrl: `${rig.attacker.url}/` } } }, maxItems: 3 }],
    ['execute.headers', 'execute', { operationId: 'list-gadgets', headers: { [k]: k } }],
    ['execute.body', 'execute', { operationId: 'create-gadget', body: { [k]: { [k]: k } }, dryRun: true }],
    ['execute.baseUrl', 'execute', { operationId: 'list-gadgets', baseUrl: k }],
    ['execute.fields', 'execute', { operationId: 'list-gadgets', fields: [k, `${k}.y`] }],
    ['search_docs.query', 'search_docs', { query: k }],
  ];
}

describe('prototype keys through the SDK client and the built bin', () => {
  it('every tool answers every position with a result or a clear error; the attacker sees nothing; the server stays up', async () => {
    const internal: string[] = [];
    for (const k of PROTO_KEYS) {
      for (const [where, name, args] of positions(k)) {
        const res = await mcp.client.callTool({ name, arguments: args });
        const text = (res.content as { text?: string }[])[0]?.text ?? '';
        if (/INTERNAL|internal error/.test(text)) internal.push(`${where} = ${k}: ${text.slice(0, 200)}`);
      }
    }
    expect(internal).toEqual([]);
    expect(rig.attacker.requests).toEqual([]);
    // Still answering, with valid messages: a polluted prototype would break the SDK's schema checks.
    expect((await mcp.client.listTools()).tools.map((t) => t.name)).toContain('execute');
    const res = await mcp.client.callTool({ name: 'execute', arguments: { operationId: 'list-gadgets', maxItems: 5 } });
    expect(res.isError).toBeFalsy();
    expect(rig.attacker.requests).toEqual([]);
  }, 180_000);
});

describe('cancellation and shutdown', () => {
  it('notifications/cancelled aborts the upstream request', async () => {
    const { arrived, closed } = hangingBody(rig.upstream);
    const ctl = new AbortController();
    const pending = mcp.client.callTool({ name: 'execute', arguments: { operationId: 'list-gadgets' } }, { signal: ctl.signal }).catch(() => undefined);
    await arrived;
    ctl.abort();
    await pending;
    await closed(); // the server dropped the upstream request instead of waiting for its body
    pagedGadgets(rig.upstream);
  }, 30_000);

  it('closing stdin with a call in flight stops the process and its upstream request', async () => {
    const { arrived, closed } = hangingBody(rig.upstream);
    const child = spawn(process.execPath, [BIN], { env: { PATH: process.env.PATH ?? '', ...env(), KONNECT_TIMEOUT: '600000' }, stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const send = (msg: unknown): boolean => child.stdin.write(`${JSON.stringify(msg)}\n`);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'execute', arguments: { operationId: 'list-gadgets' } } });
    await arrived;
    child.stdin.end();
    expect(await exited).toBe(0);
    await closed();
    pagedGadgets(rig.upstream);
  }, 60_000);

  it('arguments nested 100,000 deep are refused with what fits, and the server goes on answering', async () => {
    // Raw lines: the SDK's own client cannot even serialize such objects.
    const child = spawn(process.execPath, [BIN], { env: { PATH: process.env.PATH ?? '', KONNECT_TOKEN: TOKEN }, stdio: ['pipe', 'pipe', 'pipe'] });
    const waiting = new Map<number, (text: string) => void>();
    const answers = new Map<number, string>();
    createInterface({ input: child.stdout }).on('line', (line) => {
      // initialize answers without content; errors answer with error.message
      const msg = JSON.parse(line) as { id?: number; result?: { content?: { text?: string }[] }; error?: { message?: string } };
      if (msg.id === undefined) return;
      const text = msg.result?.content?.[0]?.text ?? msg.error?.message ?? '';
      answers.set(msg.id, text);
      waiting.get(msg.id)?.(text);
    });
    const answered = (id: number): Promise<string> =>
      answers.has(id) ? Promise.resolve(answers.get(id)!) : new Promise((resolve) => waiting.set(id, resolve));
    const n = 100_000;
    const deep = `${'{"a":'.repeat(n)}"x"${'}'.repeat(n)}`;
    const cp = '9524ec7d-36d9-465d-a8c5-83a3c9390458';
    const call = (id: number, args: string): string => `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"execute","arguments":${args}}}\n`;
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } })}\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    child.stdin.write(call(2, `{"operationId":"create-plugin","api":"control-planes-config","pathParams":{"controlPlaneId":"${cp}"},"body":{"name":"request-transformer","config":${deep}},"dryRun":true}`));
    child.stdin.write(call(3, `{"operationId":"list-route","pathParams":{"controlPlaneId":"${cp}"},"query":{"filter":${deep}},"dryRun":true}`));
    child.stdin.write(call(4, `{"operationId":"create-plugin","api":"control-planes-config","pathParams":{"controlPlaneId":"${cp}"},"body":${JSON.stringify(deep)},"dryRun":true}`));
    child.stdin.write(call(5, `{"operationId":"list-route","pathParams":{"controlPlaneId":${deep}},"dryRun":true}`));
    child.stdin.write(call(6, `{"operationId":"list-route","pathParams":{"controlPlaneId":"${cp}"},"query":{"filter[name][eq]":"x"},"dryRun":true}`));
    expect(await answered(2)).toBe('[INVALID_INPUT] body nests more than 64 levels; no Konnect request body is that deep; check the body against the schema.');
    expect(await answered(3)).toBe("[INVALID_INPUT] query nests more than 8 levels; Konnect's query parameters have at most 3, as in filter[name][eq]=x.");
    expect(await answered(4)).toMatch(/^\[INVALID_INPUT\] body nests more than 64 levels/);
    expect(await answered(5)).toMatch(/^Input validation error: .*pathParams/); // strings only, by the tool's schema
    expect(await answered(6)).toMatch(/"method":"GET".*routes\?filter\[name\]\[eq\]=x"/);
    child.stdin.end();
  }, 60_000);

  it('a request line over 10 MB stops the server with a reason on stderr and exit code 1', async () => {
    const child = spawn(process.execPath, [BIN], { env: { PATH: process.env.PATH ?? '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdin.on('error', () => undefined); // the server may stop reading before the write ends
    child.stdin.write(`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search","arguments":{"query":"${'x'.repeat(11 * 1024 * 1024)}`);
    expect(await exited).toBe(1);
    expect(stderr).toMatch(/over 10 MB/);
  }, 60_000);
});
