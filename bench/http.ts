// Team mode throughput: search over HTTP with one instance, and with one and two instances behind a round-robin
// proxy (the test's own), each with a bounded number of requests from a few concurrent clients on loopback.
import { readFileSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/client';
import { connectHttp, spawnHttp } from '../test/helpers/http-instance.js';
import { startProxy } from '../test/helpers/round-robin-proxy.js';

export interface HttpFigures {
  name: string;
  rps: number;
  p50: number;
  p95: number;
  requests: number;
}

const CLIENTS = 8;
const PER_CLIENT = 60;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

async function load(url: string, queries: string[]): Promise<Omit<HttpFigures, 'name'>> {
  const clients: Client[] = await Promise.all(Array.from({ length: CLIENTS }, () => connectHttp(url)));
  // Warm each instance's catalog and JIT before timing.
  for (let i = 0; i < 20; i++) await clients[i % CLIENTS]!.callTool({ name: 'search', arguments: { query: queries[i % queries.length]! } });
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = 0; i < PER_CLIENT; i++) {
        const started = performance.now();
        await client.callTool({ name: 'search', arguments: { query: queries[(c * PER_CLIENT + i) % queries.length]! } });
        latencies.push(performance.now() - started);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(clients.map((c) => c.close()));
  return { rps: latencies.length / seconds, p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), requests: latencies.length };
}

export async function httpBench(queriesFile: string): Promise<HttpFigures[]> {
  const queries = readFileSync(queriesFile, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { q: string }).q);
  const instances = await Promise.all([spawnHttp(), spawnHttp()]);
  const out: HttpFigures[] = [];
  try {
    out.push({ name: 'one instance', ...(await load(instances[0]!.url, queries)) });
    const one = await startProxy([instances[0]!.url]);
    out.push({ name: 'one instance behind the proxy', ...(await load(one.url, queries)) });
    await one.close();
    const two = await startProxy(instances.map((i) => i.url));
    out.push({ name: 'two instances behind the proxy', ...(await load(two.url, queries)) });
    await two.close();
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
  }
  return out;
}
