// Team mode: stateless Streamable HTTP at POST /mcp. Every request gets a fresh McpServer whose deps carry that
// request's own bearer token; nothing about a user outlives its request, so any instance can answer any request.
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { createMcpHandler } from '@modelcontextprotocol/server';
import { MAX_BODY_BYTES, SHUTDOWN_GRACE_MS, type HttpConfig } from '../config.js';
import { createDeps, requestDeps, type DepsOptions } from '../deps.js';
import { createServer } from '../server.js';

export const MCP_PATH = '/mcp';
export const HEALTH_PATH = '/healthz';
export const METADATA_PATH = '/.well-known/oauth-protected-resource';

export interface HttpServerOptions {
  deps: DepsOptions;
  http: HttpConfig;
  /** One JSON line per request (stderr in the CLI). */
  accessLog: (line: string) => void;
}

export interface RunningHttpServer {
  url: string;
  /** Stop accepting, let in-flight requests finish within the grace period, then drop what is left. */
  close(graceMs?: number): Promise<void>;
}

// RFC 6750 token68; the header itself is capped by Node's header size limit.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]{1,4096}=*)$/i;
const SAFE_NAME = /^[A-Za-z0-9_./-]{1,64}$/;
/** Anything token-shaped is cut from diagnostics, whatever produced them. */
const TOKEN_LIKE = /\b(kpat|spat)_[A-Za-z0-9_-]+/g;

const LINGER_MS = 2_000;
const KEEP_ALIVE_MS = 65_000;
const NOT_FORWARDED = new Set(['authorization', 'proxy-authorization', 'cookie', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'te', 'trailer', 'upgrade']);
const LINGER_BYTES = 4 * MAX_BODY_BYTES;

type Auth = { kind: 'none' } | { kind: 'bearer'; token: string } | { kind: 'malformed' };

function authOf(req: IncomingMessage): Auth {
  const header = req.headers.authorization;
  if (header === undefined || header === '') return { kind: 'none' };
  const m = BEARER.exec(header);
  return m?.[1] ? { kind: 'bearer', token: m[1] } : { kind: 'malformed' };
}

/** What the access log names: the JSON-RPC method and, for tools/call, the tool. Never arguments. */
function describe(body: Buffer): { rpc?: string; tool?: string } {
  try {
    const msg = JSON.parse(body.toString('utf8')) as unknown;
    if (Array.isArray(msg)) return { rpc: 'batch' };
    if (msg === null || typeof msg !== 'object') return {};
    const { method, params } = msg as { method?: unknown; params?: { name?: unknown } };
    const rpc = typeof method === 'string' ? (SAFE_NAME.test(method) ? method : '(invalid)') : undefined;
    const name = rpc === 'tools/call' && params && typeof params === 'object' ? params.name : undefined;
    const tool = typeof name === 'string' ? (SAFE_NAME.test(name) ? name : '(invalid)') : undefined;
    return { ...(rpc ? { rpc } : {}), ...(tool ? { tool } : {}) };
  } catch {
    return {};
  }
}

/** Reads at most `limit` bytes; past it, stops reading and answers undefined (the caller sends 413). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('close', () => reject(new Error('client went away before sending the whole request')));
  });
}

/**
 * After a 413, the rest of the body is read and dropped for a short while (nothing is kept): closing a socket with
 * unread data resets it, and the client would lose the answer. Past the linger budget the connection is cut.
 */
function discard(req: IncomingMessage): void {
  let dropped = 0;
  const cut = setTimeout(() => req.destroy(), LINGER_MS).unref();
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) req.destroy();
  });
  req.once('close', () => clearTimeout(cut));
  req.resume();
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** A JSON-RPC error for /mcp refusals, so MCP clients show the message. */
function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  send(res, status, { jsonrpc: '2.0', error: { code: -32000, message }, id: null }, headers);
}

function baseUrl(req: IncomingMessage, opts: HttpConfig): string {
  if (opts.publicUrl) return opts.publicUrl;
  const host = req.headers.host ?? '';
  // The Host header is the client's word; only a plain host[:port] is echoed back.
  return /^[A-Za-z0-9.[\]:-]{1,255}$/.test(host) ? `http://${host}` : `http://${opts.host}:${opts.port}`;
}

export async function startHttp(opts: HttpServerOptions): Promise<RunningHttpServer> {
  const { http } = opts;
  const log = (line: string): void => opts.deps.log(line.replace(TOKEN_LIKE, '$1_…'));
  const base = createDeps(opts.deps);
  if (base.config.specs.length > 0 || base.config.allVersions) await base.catalog(); // surface spec errors at startup
  const origins = new Set(http.allowedOrigins);
  const mcp = createMcpHandler((ctx) => createServer(requestDeps(base, opts.deps, ctx.authInfo?.token)), {
    onerror: (e) => log(`mcp: ${e.message}`),
    maxRequestBodySize: MAX_BODY_BYTES,
  });

  let inFlight = 0;
  let closing = false;
  let drained: (() => void) | undefined;

  async function serveMcp(req: IncomingMessage, res: ServerResponse, entry: Record<string, unknown>): Promise<void> {
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(origin)) {
      return refuse(res, 403, `Origin ${JSON.stringify(origin.slice(0, 100))} is not allowed; start konnect-mcp with --allowed-origins ${origin.slice(0, 100)} if this web app should reach it`);
    }
    const auth = authOf(req);
    if (auth.kind === 'malformed' || (http.requireAuth && auth.kind === 'none')) {
      const challenge = [`Bearer resource_metadata="${baseUrl(req, http)}${METADATA_PATH}"`];
      if (auth.kind === 'malformed') challenge.push('error="invalid_request"');
      const why = auth.kind === 'malformed' ? 'The Authorization header must be "Bearer <token>".' : 'This server requires "Authorization: Bearer <token>" on every request.';
      return refuse(res, 401, why, { 'www-authenticate': challenge.join(', ') });
    }
    if (req.method !== 'POST') return pipeResponse(res, await mcp.fetch(webRequest(req, undefined, res)));
    const declared = Number(req.headers['content-length'] ?? 0);
    const body = declared > MAX_BODY_BYTES ? undefined : await readBody(req, MAX_BODY_BYTES);
    if (!body) {
      discard(req);
      return refuse(res, 413, `The request body is over ${MAX_BODY_BYTES} bytes.`);
    }
    Object.assign(entry, describe(body));
    const token = auth.kind === 'bearer' ? auth.token : undefined;
    const answer = await mcp.fetch(webRequest(req, body, res), token ? { authInfo: { token, clientId: 'bearer', scopes: [] } } : {});
    return pipeResponse(res, answer);
  }

  function webRequest(req: IncomingMessage, body: Buffer | undefined, res: ServerResponse): Request {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      // The token reaches the tools through deps only, never through the request the SDK keeps; hop-by-hop
      // headers described the connection and body just read, not this rebuilt request.
      if (value === undefined || NOT_FORWARDED.has(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    return new Request(new URL(req.url ?? '/', 'http://konnect-mcp.local'), {
      method: req.method ?? 'GET',
      headers,
      signal: abort.signal,
      ...(body ? { body: new Uint8Array(body) } : {}),
    });
  }

  async function pipeResponse(res: ServerResponse, answer: Response): Promise<void> {
    const headers: Record<string, string> = {};
    answer.headers.forEach((value, name) => (headers[name] = value));
    res.writeHead(answer.status, headers);
    if (!answer.body) return void res.end();
    await new Promise<void>((resolve) => {
      Readable.fromWeb(answer.body as NodeReadableStream<Uint8Array>)
        .on('error', () => resolve())
        .pipe(res)
        .once('close', resolve);
    });
  }

  // Node checks the request deadline on an interval (30 s by default); check each second so the deadline holds.
  const deadlines = { requestTimeout: http.bodyTimeoutMs, headersTimeout: Math.min(http.bodyTimeoutMs, 60_000), connectionsCheckingInterval: 1_000 };
  const server = createHttpServer(deadlines, (req, res) => {
    const started = performance.now();
    const id = randomUUID();
    const path = new URL(req.url ?? '/', 'http://konnect-mcp.local').pathname;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), id, method: req.method, path };
    res.setHeader('x-request-id', id);
    if (closing) res.shouldKeepAlive = false;
    const counted = path === MCP_PATH;
    if (counted) inFlight++;
    res.once('close', () => {
      if (counted && --inFlight === 0) drained?.();
      const ms = Math.round((performance.now() - started) * 10) / 10;
      opts.accessLog(JSON.stringify({ ...entry, status: res.statusCode, ms, ...(res.writableFinished ? {} : { aborted: true }) }).replace(TOKEN_LIKE, '$1_…'));
    });

    const route = async (): Promise<void> => {
      if (path === HEALTH_PATH && req.method === 'GET') return send(res, 200, { status: 'ok', version: base.version });
      if (path === METADATA_PATH || path === `${METADATA_PATH}${MCP_PATH}`) {
        if (!http.requireAuth) return send(res, 404, { error: 'not found: this server runs without --require-auth' });
        const origin = baseUrl(req, http);
        return send(res, 200, { resource: `${origin}${MCP_PATH}`, authorization_servers: http.authorizationServers, bearer_methods_supported: ['header'], resource_name: 'konnect-mcp' });
      }
      if (path !== MCP_PATH) return send(res, 404, { error: `not found: MCP is served at POST ${MCP_PATH}` });
      if (inFlight > http.maxConcurrent) return refuse(res, 503, 'Too many requests in flight; retry shortly.', { 'retry-after': '1' });
      return serveMcp(req, res, entry);
    };
    route().catch((err: unknown) => {
      log(`request ${id} failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) refuse(res, 500, `Internal error (request id ${id}).`);
      else res.destroy();
    });
  });

  // Longer than the usual 60 s idle timeout of load balancers, so they close idle connections first: a server that
  // closes first races the client's next request on that socket, which then fails.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(http.port, http.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = http.host.includes(':') ? `[${http.host}]` : http.host;
  return {
    url: `http://${host}:${port}`,
    async close(graceMs = SHUTDOWN_GRACE_MS) {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => (drained = resolve)), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      }
      server.closeAllConnections();
      await mcp.close();
      await stopped;
    },
  };
}
