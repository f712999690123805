// A real CONNECT proxy on 127.0.0.1 in front of a real target on 127.0.0.1: execute's sender goes through it.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSender } from '../../src/http/client.js';
import { describeProxy, proxyFetch, proxySettings } from '../../src/http/proxy.js';
import { json, startServer, type TestServer } from '../helpers/http-server.js';

const TOKEN = 'kpat_proxySuiteSecret0123456789abcdef';
let target: TestServer;
let proxy: Server;
let proxyUrl: string;
const tunnels: { authority: string; headers: IncomingHttpHeaders }[] = [];
const sockets = new Set<Socket>();

beforeAll(async () => {
  target = await startServer((req, res) => json(res, 200, { path: req.url, method: req.method, body: req.body }));
  proxy = createServer((_req, res) => res.writeHead(405).end('CONNECT only'));
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push({ authority: req.url ?? '', headers: req.headers });
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await target.close();
});
beforeEach(() => {
  tunnels.length = 0;
  target.requests.length = 0;
});

const sender = async (settings: Parameters<typeof proxyFetch>[0]) =>
  createSender({ token: TOKEN, userAgent: 'konnect-mcp/test', timeoutMs: 5_000, retryDelayMs: 1, fetch: await proxyFetch(settings) });

describe('proxy', () => {
  it('sends GET and POST through a CONNECT tunnel; the token travels inside it, never to the proxy', async () => {
    // NO_PROXY is set explicitly, so loopback is not excluded by a default.
    const send = await sender({ httpProxy: proxyUrl, httpsProxy: proxyUrl, noProxy: 'example.invalid' });
    const got = await send({ method: 'GET', url: `${target.url}/v2/x?a=1`, headers: {}, auth: true });
    expect(got.status).toBe(200);
    expect(JSON.parse(got.text)).toMatchObject({ path: '/v2/x?a=1', method: 'GET' });
    const posted = await send({ method: 'POST', url: `${target.url}/v2/y`, headers: { 'Content-Type': 'application/json' }, body: '{"name":"n"}', auth: true });
    expect(JSON.parse(posted.text)).toMatchObject({ method: 'POST', body: '{"name":"n"}' });
    expect(tunnels.map((t) => t.authority)).toContain(new URL(target.url).host);
    expect(target.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.stringify(tunnels)).not.toContain(TOKEN);
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    const send = await sender({ httpProxy: proxyUrl, noProxy: '127.0.0.1' });
    const got = await send({ method: 'GET', url: `${target.url}/direct`, headers: {}, auth: true });
    expect(got.status).toBe(200);
    expect(tunnels).toEqual([]);
  });

  it('reads the settings from an environment (lower case first) and hides credentials when printing them', () => {
    expect(proxySettings({ HTTPS_PROXY: 'http://corp:3128', no_proxy: 'localhost' })).toEqual({ httpProxy: undefined, httpsProxy: 'http://corp:3128', noProxy: 'localhost' });
    expect(proxySettings({ NO_PROXY: 'x' })).toBeUndefined();
    expect(describeProxy('http://user:secret@corp:3128')).toBe('http://***@corp:3128');
  });
});
