// Prism (a mock server that validates requests against an OpenAPI file) on 127.0.0.1, behind a small proxy that
// strips the spec's version prefix, which Prism ignores. The proxy records what actually left the process.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const PRISM = fileURLToPath(new URL('../../node_modules/@stoplight/prism-cli/dist/index.js', import.meta.url));

export interface Forwarded {
  method: string;
  /** Path and query as Prism saw them (prefix stripped). */
  url: string;
  status: number;
  /** Prism's answer, kept for failure messages (its 422 lists what it found invalid). */
  body: string;
}

export interface PrismMock {
  /** Give this as KONNECT_BASE_URL: `<proxy origin>`; requests arrive as `<prefix><path>`. */
  url: string;
  forwarded: Forwarded[];
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function startPrismProcess(specFile: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [PRISM, 'mock', '-h', '127.0.0.1', '-p', String(port), specFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      if (out.includes('Prism is listening')) {
        child.stdout?.off('data', onData);
        child.stdout?.resume(); // keep draining so Prism never blocks on a full pipe
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.resume();
    child.once('exit', (code) => reject(new Error(`prism exited with ${code} before listening:\n${out.slice(-2000)}`)));
  });
}

/** Starts Prism for one spec and a proxy in front of it that removes `prefix` (e.g. "/v2") from each path. */
export async function startPrism(specFile: string, prefix: string): Promise<PrismMock> {
  const port = await freePort();
  const child = await startPrismProcess(specFile, port);
  const forwarded: Forwarded[] = [];
  const proxy: Server = createServer((req, res) => {
    const raw = req.url ?? '/';
    const url = raw.startsWith(`${prefix}/`) ? raw.slice(prefix.length) : raw;
    const upstream = request({ host: '127.0.0.1', port, method: req.method, path: url, headers: { ...req.headers, host: `127.0.0.1:${port}` } }, (up) => {
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        const body = Buffer.concat(chunks);
        forwarded.push({ method: req.method ?? '', url, status: up.statusCode ?? 0, body: body.toString('utf8') });
        const headers = { ...up.headers };
        delete headers['content-length'];
        delete headers['transfer-encoding'];
        res.writeHead(up.statusCode ?? 502, headers).end(body);
      });
    });
    upstream.on('error', (err) => void res.writeHead(502).end(String(err)));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port: proxyPort } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    forwarded,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
