import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RequestFailedError } from '../../src/errors.js';
import { createSender, type SendFn } from '../../src/http/client.js';
import { retryAfterSeconds, waitSeconds } from '../../src/http/retry-after.js';
import type { BuiltRequest } from '../../src/http/request.js';
import { json, startServer, type TestServer } from '../helpers/http-server.js';

const TOKEN = 'kpat_clientTestSecret0123456789';
let server: TestServer;
let send: SendFn;

beforeAll(async () => {
  server = await startServer();
  send = createSender({ token: TOKEN, userAgent: 'konnect-mcp/9.9.9', timeoutMs: 1500, retryDelayMs: 1 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const req = (method: string, path = '/v2/things', extra: Partial<BuiltRequest> = {}): BuiltRequest => ({ method, url: `${server.url}${path}`, headers: {}, auth: true, ...extra });

/** Answers each request with the next scripted status (the last one repeats). */
function script(...steps: { status: number; headers?: Record<string, string>; body?: unknown }[]): void {
  server.handle((_req, res) => {
    const step = steps[Math.min(server.requests.length - 1, steps.length - 1)]!;
    json(res, step.status, step.body ?? { status: step.status }, step.headers ?? {});
  });
}

describe('headers', () => {
  it('sends the bearer token, the user agent and Accept: application/json', async () => {
    script({ status: 200 });
    await send(req('GET'));
    expect(server.requests[0]?.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'user-agent': 'konnect-mcp/9.9.9', accept: 'application/json' });
  });

  it('sends no Authorization to a host that must not see the token', async () => {
    script({ status: 200 });
    await send(req('GET', '/api/v3/apis', { auth: false }));
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('sends the body and the caller headers', async () => {
    script({ status: 201 });
    await send(req('POST', '/v2/things', { body: '{"a":1}', headers: { 'Content-Type': 'application/json', 'X-Trace-Level': '2' } }));
    expect(server.requests[0]).toMatchObject({ method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json', 'x-trace-level': '2' } });
  });
});

describe('retries', () => {
  it('retries 429 after Retry-After, then returns the 200 and counts the retry', async () => {
    script({ status: 429, headers: { 'Retry-After': '1' } }, { status: 200, body: { ok: 1 } });
    const res = await send(req('GET'));
    expect(res).toMatchObject({ status: 200, ok: true, retries: 1 });
    expect(server.requests).toHaveLength(2);
  });

  it('retries 429 for a POST too: the server did not act on it', async () => {
    script({ status: 429, headers: { 'Retry-After': '0' } }, { status: 201 });
    const res = await send(req('POST', '/v2/things', { body: '{}' }));
    expect(res).toMatchObject({ status: 201, retries: 1 });
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('does not wait out a Retry-After beyond the 30 s cap: returns the 429', async () => {
    script({ status: 429, headers: { 'Retry-After': '120' } });
    const res = await send(req('GET'));
    expect(res).toMatchObject({ status: 429, ok: false, retries: 0 });
    expect(res.headers.get('retry-after')).toBe('120');
    expect(server.requests).toHaveLength(1);
  });

  it('does not wait out a long RateLimit-Reset either', async () => {
    script({ status: 429, headers: { 'RateLimit-Reset': '3600' } });
    expect(await send(req('GET'))).toMatchObject({ status: 429, retries: 0 });
    expect(server.requests).toHaveLength(1);
  });

  it('sends a POST that gets a 500 only once', async () => {
    script({ status: 500 });
    const res = await send(req('POST', '/v2/things', { body: '{}' }));
    expect(res).toMatchObject({ status: 500, retries: 0 });
    expect(server.requests).toHaveLength(1);
  });

  it('retries a GET that gets a 500, at most twice', async () => {
    script({ status: 500 });
    const res = await send(req('GET'));
    expect(res).toMatchObject({ status: 500, ok: false, retries: 2 });
    expect(server.requests).toHaveLength(3);
  });

  it('retries an idempotent PUT after a 503 and returns the success', async () => {
    script({ status: 503 }, { status: 200 });
    expect(await send(req('PUT', '/v2/things/1', { body: '{}' }))).toMatchObject({ status: 200, retries: 1 });
  });

  it('does not retry a PATCH after a 502', async () => {
    script({ status: 502 });
    expect(await send(req('PATCH', '/v2/things/1', { body: '{}' }))).toMatchObject({ status: 502, retries: 0 });
    expect(server.requests).toHaveLength(1);
  });

  it('does not follow a redirect, which could lead to another host', async () => {
    server.handle((_req, res) => void res.writeHead(302, { location: 'https://evil.example.com/steal' }).end());
    const res = await send(req('GET'));
    expect(res).toMatchObject({ status: 302, ok: false, retries: 0 });
    expect(res.headers.get('location')).toBe('https://evil.example.com/steal');
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry other client errors', async () => {
    script({ status: 404 });
    expect(await send(req('GET'))).toMatchObject({ status: 404, retries: 0 });
    expect(server.requests).toHaveLength(1);
  });
});

describe('transport failures', () => {
  it('retries a GET after a dropped connection, then reports a NETWORK error with method and URL', async () => {
    server.handle((_req, res) => void res.socket?.destroy());
    const err = await send(req('GET')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestFailedError);
    expect(err).toMatchObject({ code: 'NETWORK', method: 'GET', url: `${server.url}/v2/things` });
    expect((err as Error).message).toMatch(/after 2 retries/);
    expect(server.requests).toHaveLength(3);
    expect((err as Error).message).not.toContain(TOKEN);
  });

  it('does not repeat a POST after a dropped connection', async () => {
    server.handle((_req, res) => void res.socket?.destroy());
    const err = await send(req('POST', '/v2/things', { body: '{}' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NETWORK' });
    expect(server.requests).toHaveLength(1);
  });

  it('gives up on a request that hangs beyond the timeout, without retrying it', async () => {
    server.handle(() => undefined); // never answers
    const err = await send(req('GET')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestFailedError);
    expect(err).toMatchObject({ code: 'TIMEOUT', method: 'GET' });
    expect((err as Error).message).toMatch(/no answer within 1500 ms \(after 0 retries\).*KONNECT_TIMEOUT/);
    expect(server.requests).toHaveLength(1);
  });
});

describe('retryAfterSeconds', () => {
  it('reads delta seconds, epoch timestamps and HTTP dates', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(retryAfterSeconds('5', now)).toBe(5);
    expect(retryAfterSeconds(String(now / 1000 + 45), now)).toBe(45);
    expect(retryAfterSeconds(new Date(now + 60_000).toUTCString(), now)).toBe(60);
    expect(retryAfterSeconds(null)).toBeUndefined();
    expect(retryAfterSeconds('soon')).toBeUndefined();
  });

  it('falls back to RateLimit-Reset when there is no Retry-After', () => {
    expect(waitSeconds(new Headers({ 'RateLimit-Reset': '12' }))).toBe(12);
    expect(waitSeconds(new Headers({ 'Retry-After': '3', 'RateLimit-Reset': '12' }))).toBe(3);
    expect(waitSeconds(new Headers())).toBeUndefined();
  });
});
