import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeTraces, renderTraceReport, type TraceAnalysis } from '../../src/traces/index.js';
import { scrub } from '../../src/traces/analyze.js';
import { SET_SIZE, traceSet, traceSetZip } from '../helpers/trace-set.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/traces/${name}`, import.meta.url));

async function one(name: string): Promise<TraceAnalysis> {
  const report = await analyzeTraces({ path: fixture(name) });
  expect(report.traceCount).toBe(1);
  expect(report.summary).toBeUndefined();
  return report.traces[0] as TraceAnalysis;
}

describe('analyze_trace on single traces', () => {
  it('slow upstream: names time to first byte, 1550 ms of 1899 ms (81.6%), with the upstream address', async () => {
    const a = await one('slow-upstream.json');
    expect(a.totalMs).toBe(1899);
    expect(a.bottleneck).toMatchObject({ category: 'upstream', what: 'upstream time to first byte', ms: 1550, share: 81.6 });
    expect(a.summary[0]).toBe('82% of 1.9 s is the upstream answering: time to first byte 1.55 s from 10.0.3.7:8080');
    expect(a.summary[1]).toBe('17% of 1.9 s is the upstream sending the response body: 320 ms from 10.0.3.7:8080');
    expect(a.split).toEqual({
      client: { ms: 1.5, share: 0.1 },
      kong: { ms: 7.5, share: 0.4 },
      upstream: { ms: 1873, share: 98.6 },
      waitingForClient: { ms: 17, share: 0.9 },
    });
    expect(a.criticalPath.map((p) => p.span)).toEqual(['upstream time to first byte', 'upstream sending the response body']);
    expect(a).toMatchObject({ status: 200, upstreamStatus: 200, requestId: 'req-slow-upstream', method: 'GET' });
    // Each plugin is listed by name and id.
    expect(a.items).toContainEqual({ category: 'kong', what: 'key-auth plugin (access)', ms: 1.5, share: 0.1, pluginId: '6c27de60-9bb4-4170-9fea-089babcb7393' });
  });

  it('slow plugin: names the Redis I/O of rate-limiting-advanced, 120 ms of 181.5 ms (66.1%)', async () => {
    const a = await one('slow-plugin-redis.json');
    expect(a.totalMs).toBe(181.5);
    expect(a.bottleneck).toMatchObject({ category: 'kong', ms: 120, share: 66.1 });
    expect(a.bottleneck.what).toBe('Redis I/O (eval) by the rate-limiting-advanced plugin (access phase) with 10.0.5.20:6379');
    expect(a.summary[0]).toBe('66% of 182 ms is the rate-limiting-advanced plugin (access phase) waiting on Redis I/O (eval) with 10.0.5.20:6379: 120 ms');
    // The plugin's own time, outside its Redis calls, is a separate item.
    expect(a.items).toContainEqual(expect.objectContaining({ what: 'rate-limiting-advanced plugin (access)', ms: 6, share: 3.3 }));
    expect(a.kongLatency).toEqual({ redisIo: 120 });
  });

  it('slow DNS: names the lookup and its domain, 800 ms of 842 ms (95%)', async () => {
    const a = await one('slow-dns.json');
    expect(a.bottleneck).toMatchObject({ category: 'kong', what: 'DNS lookup of orders.internal.example', ms: 800, share: 95 });
    expect(a.summary[0]).toBe('95% of 842 ms is a DNS lookup of orders.internal.example: 800 ms');
  });

  it('plugin exit: key-auth answered 401 before the upstream, 11 ms of 14.5 ms (75.9%)', async () => {
    const a = await one('plugin-exit-401.json');
    expect(a.status).toBe(401);
    expect(a.upstreamStatus).toBeUndefined();
    expect(a.bottleneck).toMatchObject({ what: 'key-auth plugin (access)', ms: 11, share: 75.9, pluginId: '6c27de60-9bb4-4170-9fea-089babcb7393' });
    expect(a.earlyExits).toEqual([{ plugin: 'key-auth', phase: 'access', pluginId: '6c27de60-9bb4-4170-9fea-089babcb7393', status: 401, message: 'Unauthorized' }]);
    expect(a.split.upstream.ms).toBe(0);
    expect(a.events).toEqual([{ span: 'kong.access.plugin.key-auth', name: 'log', message: 'invalid credentials: Authorization: Bearer ***' }]);
  });

  it('slow client upload: names the request body, 2400 ms of 2495 ms (96.2%), and reads base64 ids as hex', async () => {
    const a = await one('slow-client-upload.json');
    expect(a.traceId).toBe('00000005c0ffee00c0ffee00c0ffee00');
    expect(a.bottleneck).toMatchObject({ category: 'client', what: 'client sending the request body', ms: 2400, share: 96.2 });
    expect(a.summary[0]).toBe('96% of 2.5 s is the client sending the request body (52428800 bytes): 2.4 s');
    expect(a.split.client.ms).toBe(2405); // TLS handshake 3 + headers 2 + body 2400
  });

  it('upstream 502: names time to first byte, 45 ms of 54 ms (83.3%), with the error the span carries', async () => {
    const a = await one('upstream-502.json');
    expect(a).toMatchObject({ status: 502, upstreamStatus: 502 });
    expect(a.bottleneck).toMatchObject({ category: 'upstream', what: 'upstream time to first byte', ms: 45, share: 83.3 });
    expect(a.summary[0]).toBe('83% of 54 ms is the upstream answering: time to first byte 45 ms from 10.0.3.9:8080');
    expect(a.errors).toEqual([{ span: 'kong.read_headers_from_upstream', message: 'upstream prematurely closed connection while reading response header from upstream' }]);
  });

  it('takes the same trace inline, as an object or as JSON text', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(fixture('slow-dns.json'), 'utf8');
    const fromText = await analyzeTraces({ trace: text });
    const fromObject = await analyzeTraces({ trace: JSON.parse(text) as unknown });
    expect(fromText.traces[0]?.bottleneck.ms).toBe(800);
    expect(fromObject).toEqual(fromText);
  });

  it('renders a compact text with the split, the bottleneck and the three contributors', async () => {
    const text = renderTraceReport(await analyzeTraces({ path: fixture('slow-upstream.json') }));
    expect(text).toContain('Total 1.9 s: client 1.5 ms (0.1%), Kong 7.5 ms (0.4%), upstream 1.87 s (98.6%), waiting for the client 17 ms (0.9%)');
    expect(text).toContain('Bottleneck: upstream time to first byte, 1.55 s (81.6%)');
    expect(text.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(3);
  });
});

describe('scrub', () => {
  it('masks the credential after Bearer, Authorization and API key names, and in key=value pairs', () => {
    expect(scrub('Authorization: Basic dXNlcjpwYXNz failed')).toBe('Authorization: Basic *** failed');
    expect(scrub('apikey abc123 rejected')).toBe('apikey *** rejected');
    expect(scrub('GET /x?apikey=abc123&b=1')).toBe('GET /x?apikey=***&b=1');
  });
});

/** Nearest rank, written out here so the test does not lean on the code it checks. */
function nearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1] as number;
}

describe('analyze_trace on a zip of 50 traces', () => {
  let dir: string;
  let path: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'konnect-traces-'));
    path = join(dir, 'session.zip');
    writeFileSync(path, traceSetZip());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives percentiles of the total and per span name that match the generated durations', async () => {
    const report = await analyzeTraces({ path });
    const set = traceSet();
    expect(report.traceCount).toBe(SET_SIZE);
    const s = report.summary!;
    const expected = (values: number[]) => ({ p50: nearestRank(values, 50), p90: nearestRank(values, 90), p95: nearestRank(values, 95), p99: nearestRank(values, 99), max: Math.max(...values) });
    expect(s.totalMs).toEqual(expected(set.map((t) => t.total)));
    const span = (name: string) => s.spans.find((x) => x.name === name);
    expect(span('kong.read_headers_from_upstream')).toEqual({ name: 'kong.read_headers_from_upstream', traces: 50, ...expected(set.map((t) => t.ttfb)) });
    expect(span('kong.read_body_from_upstream')).toEqual({ name: 'kong.read_body_from_upstream', traces: 50, ...expected(set.map((t) => t.body)) });
    expect(s.spans[0]?.name).toBe('kong'); // the root is the longest span of every trace
  });

  it('lists the slowest and the failing traces, and details the slowest and the slowest failing one', async () => {
    const report = await analyzeTraces({ path });
    const set = traceSet();
    const byTotal = [...set].sort((a, b) => b.total - a.total);
    const s = report.summary!;
    expect(s.statusCounts).toEqual({ '200': 45, '502': 5 });
    expect(s.slowest.map((t) => t.traceId)).toEqual(byTotal.slice(0, 5).map((t) => t.traceId));
    expect(s.failing.map((t) => t.traceId).sort()).toEqual(set.filter((t) => t.status === 502).map((t) => t.traceId).sort());
    expect(report.traces[0]?.traceId).toBe(byTotal[0]?.traceId);
    const slowestFailing = byTotal.find((t) => t.status === 502);
    expect(report.traces.at(-1)?.traceId).toBe(slowestFailing?.traceId);
    expect(report.notes).toEqual(['1 zip entries that are not .json files were not read']);
  });

  it('picks one trace by traceId or by requestId', async () => {
    const t = traceSet()[7]!;
    const byId = await analyzeTraces({ path, traceId: t.traceId.toUpperCase() });
    expect(byId.summary).toBeUndefined();
    expect(byId.traces).toHaveLength(1);
    expect(byId.traces[0]).toMatchObject({ traceId: t.traceId, totalMs: t.total, bottleneck: { what: 'upstream time to first byte', ms: t.ttfb } });
    const byRequest = await analyzeTraces({ path, requestId: t.requestId });
    expect(byRequest.traces[0]?.traceId).toBe(t.traceId);
    await expect(analyzeTraces({ path, traceId: 'ffffffffffffffffffffffffffffffff' })).rejects.toThrow(/no trace with that traceId among the 50/);
  });
});
