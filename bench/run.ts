// npm run bench: startup vs a hello-world server, RSS, search/get_schema/execute latency, search over HTTP, tools/list tokens.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { countTokens } from 'gpt-tokenizer';
import { loadCatalog } from '../src/catalog/load.js';
import { indexer } from '../src/search/index.js';
import { parseConfig } from '../src/config.js';
import { createDeps } from '../src/deps.js';
import { CATALOG_DIR, DOCS_DIR } from '../src/paths.js';
import { runCall } from '../src/http/call.js';
import { parseBody } from '../src/http/response.js';
import { runGetSchema } from '../src/tools/get-schema.js';
import { runSearch } from '../src/tools/search.js';
import { runSearchDocs } from '../src/tools/search-docs.js';
import { keepSearchGarbageYoung } from '../src/search/gc.js';
import { json, startServer } from '../test/helpers/http-server.js';
import { routes, routesPage } from '../test/helpers/konnect-lists.js';
import { httpBench } from './http.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const root = (p: string): string => fileURLToPath(new URL(`../${p}`, import.meta.url));
const SERVERS = { 'konnect-mcp': root('bin/konnect-mcp.js'), 'hello-world': root('bench/hello-server.mjs') };

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}
const median = (xs: number[]): number => quantile(xs, 0.5);
const ms = (n: number): string => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

function peakRssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

interface StartSample { ms: number; rssKb: number; toolsJson: string }

async function startOnce(bin: string): Promise<StartSample> {
  const t0 = performance.now();
  const transport = new StdioClientTransport({ command: process.execPath, args: [bin], env: { PATH: process.env.PATH ?? '' }, stderr: 'ignore' });
  const client = new Client({ name: 'bench', version: '0' });
  await client.connect(transport);
  const tools = await client.listTools();
  const elapsed = performance.now() - t0;
  const rssKb = transport.pid ? peakRssKb(transport.pid) : NaN;
  await client.close();
  return { ms: elapsed, rssKb, toolsJson: JSON.stringify(tools.tools) };
}

/** search_docs as a client sees it: the built server's first call (import, index load, search), then its peak RSS. */
async function docsInServer(): Promise<{ firstMs: number; rssKb: number }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [SERVERS['konnect-mcp']], env: { PATH: process.env.PATH ?? '' }, stderr: 'ignore' });
  const client = new Client({ name: 'bench', version: '0' });
  await client.connect(transport);
  await client.listTools();
  const t0 = performance.now();
  await client.callTool({ name: 'search_docs', arguments: { query: '401 unauthorized Konnect API personal access token' } });
  const firstMs = performance.now() - t0;
  for (const q of ['proxy a gRPC service', 'rate limit consumers', 'rotate a vault secret']) await client.callTool({ name: 'search_docs', arguments: { query: q } });
  const rssKb = transport.pid ? peakRssKb(transport.pid) : NaN;
  await client.close();
  return { firstMs, rssKb };
}

/** search as a client sees it over stdio: the SDK's client and the built server, after one warm pass; client work included. */
async function searchOverStdio(queries: string[]): Promise<number[]> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [SERVERS['konnect-mcp']], env: { PATH: process.env.PATH ?? '' }, stderr: 'ignore' });
  const client = new Client({ name: 'bench', version: '0' });
  await client.connect(transport);
  const call = (q: string): Promise<unknown> => client.callTool({ name: 'search', arguments: { query: q } });
  await timeEach(queries, call);
  const runs = await timeEach(Array.from({ length: 7 }, () => queries).flat(), call);
  await client.close();
  return runs;
}

function publicQueries(): string[] {
  return readFileSync(root('../shared/eval/search-public.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { q: string }).q);
}

async function startup(): Promise<Record<string, { median: number; rssKb: number; toolsJson: string }>> {
  const samples: Record<string, StartSample[]> = { 'konnect-mcp': [], 'hello-world': [] };
  for (const bin of Object.values(SERVERS)) await startOnce(bin); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    // Interleaved so that machine noise hits both alike.
    for (const [name, bin] of Object.entries(SERVERS)) samples[name]!.push(await startOnce(bin));
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, s]) => [name, { median: median(s.map((x) => x.ms)), rssKb: median(s.map((x) => x.rssKb)), toolsJson: s[0]!.toolsJson }]),
  );
}

async function timeEach<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (const item of items) {
    const t0 = performance.now();
    await fn(item);
    out.push(performance.now() - t0);
  }
  return out;
}

/** Each query's median over the passes (runs are pass after pass): the search's own cost, without the machine's blips. */
function perQueryMedians(runs: number[], queries: number): number[] {
  return Array.from({ length: queries }, (_, q) => median(runs.filter((_, i) => i % queries === q)));
}

async function inProcess() {
  const { config } = parseConfig({ token: 'kpat_bench' });
  const deps = createDeps({ config, version: 'bench', catalogDir: CATALOG_DIR, docsDir: DOCS_DIR, log: () => {} });
  // Docs first, before anything else is loaded: the first call pays for importing and loading the index.
  const rssBeforeDocs = process.memoryUsage().rss;
  const [docsFirst = NaN] = await timeEach(['401 unauthorized Konnect API personal access token'], (q) => runSearchDocs({ query: q }, deps));
  const docsRss = { before: rssBeforeDocs, after: process.memoryUsage().rss };
  const catalog = await loadCatalog({ indexer, dir: CATALOG_DIR });
  const queries = publicQueries();
  await runSearch({ query: 'warm up' }, deps);
  // The first pass also pays for JIT compilation; a server answers many searches, so the target is steady state.
  const searchFirst = await timeEach(queries, (q) => runSearch({ query: q }, deps));
  // Seven passes: with three, the p95 was the 10 slowest of 210 runs, and one scheduler blip moved it by 5 ms.
  const search = await timeEach(Array.from({ length: 7 }, () => queries).flat(), (q) => runSearch({ query: q }, deps));
  const ops = catalog.operations;
  const schema = await timeEach(ops, (op) => runGetSchema({ operationId: op.operationId, api: op.api }, deps));
  await runSearchDocs({ query: 'warm up' }, deps);
  const docQueries = ['proxy a gRPC service', 'cache responses at the gateway', 'what does the datakit plugin do', 'rate limit consumers', 'rotate a vault secret', 'configure OIDC', 'data plane certificates', 'install kong on kubernetes'];
  const docs = await timeEach([...docQueries, ...docQueries, ...docQueries], (q) => runSearchDocs({ query: q }, deps));
  const docsRead = await timeEach(['/gateway/network/', '/plugins/openid-connect/', '/api/errors/'], (url) => runSearchDocs({ url }, deps));

  // Hostile inputs (issue 11): both once took seconds or gigabytes; they must stay linear.
  const unclosedScript = `<html><body><h1>502 Bad Gateway</h1>${'<script>a<b'.repeat(100_000)}`;
  await parseBody(unclosedScript, 'text/html'); // loads htmlparser2 (once per process) outside the timing
  const html = await timeEach(Array.from({ length: 5 }), () => parseBody(unclosedScript, 'text/html'));
  // The longest word a query may hold (queries stop at 2,000 characters).
  const longWord = `rate limiting ${'x'.repeat(1_980)}`;
  const longWordDocs = await timeEach(Array.from({ length: 3 }), () => runSearchDocs({ query: longWord }, deps));

  const api = await startServer((_req, res) => json(res, 200, { data: [{ id: 'cp-1', name: 'prod' }], meta: { page: { total: 1 } } }));
  const execDeps = createDeps({ config: parseConfig({ token: 'kpat_bench', baseUrl: api.url }).config, version: 'bench', catalogDir: CATALOG_DIR, docsDir: DOCS_DIR, log: () => {} });
  const args = { operationId: 'list-control-planes' };
  for (let i = 0; i < 20; i++) await runCall(args, execDeps);
  const N = 200;
  const viaTool = await timeEach(Array.from({ length: N }), () => runCall(args, execDeps));
  const rawFetch = await timeEach(Array.from({ length: N }), async () => (await fetch(`${api.url}/v2/control-planes`, { headers: { authorization: 'Bearer x' } })).text());
  await api.close();
  return { search, searchFirst, schema, docs, docsFirst, docsRss, docsRead, html, longWordDocs, executeOverhead: median(viaTool) - median(rawFetch), executeP50: median(viaTool), fetchP50: median(rawFetch), operations: ops.length, queries: queries.length };
}

/** "Which of our 2,500 routes have no service?": select in one call, against reading every page with fields. */
async function listQuestion() {
  const all = routes(2_500);
  const api = await startServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const page = routesPage(all, url.pathname, url);
    json(res, page.status, page.body);
  });
  const deps = createDeps({ config: parseConfig({ token: 'kpat_bench', baseUrl: api.url }).config, version: 'bench', catalogDir: CATALOG_DIR, docsDir: DOCS_DIR, log: () => {} });
  const base = { operationId: 'list-route', pathParams: { controlPlaneId: '9a1b2c3d-0000-4000-8000-00000000c0de' } };
  const tokens = (out: unknown): number => countTokens(JSON.stringify(out));
  const selected = await runCall({ ...base, select: '[?service==null].name' }, deps);
  const expected = all.filter((r) => r.service === null).length;
  const correct = Array.isArray(selected.out.body) && selected.out.body.length === expected;
  let calls = 0;
  let readTokens = 0;
  let resume: string | undefined;
  do {
    const { out } = await runCall({ ...base, maxItems: 10_000, fields: ['name', 'service'], ...(resume ? { resume } : {}) }, deps);
    calls++;
    readTokens += tokens(out);
    resume = (out.pagination as { resume?: string } | undefined)?.resume;
  } while (resume && calls < 100);
  await api.close();
  return { selectTokens: tokens(selected.out), correct, pagesCalls: calls, pagesTokens: readTokens };
}

// In-process timings first, so no exiting child process competes with them for the CPU.
// The in-process figures run under the server's own V8 setting (src/cli.ts sets it at start).
keepSearchGarbageYoung();
const p = await inProcess();
const lq = await listQuestion();
const start = await startup();
const d = await docsInServer();
const stdio = await searchOverStdio(publicQueries());
const k = start['konnect-mcp']!;
const h = start['hello-world']!;
const toolsTokens = countTokens(k.toolsJson);
const http = await httpBench(root('../shared/eval/search-public.jsonl'));
const direct = http[0]!;

const rows: [string, string, string, boolean][] = [
  ['cold start, median of ' + RUNS, `${ms(k.median)} vs hello-world ${ms(h.median)} (ratio ${(k.median / h.median).toFixed(2)})`, 'ratio ≤ 1.2', k.median / h.median <= 1.2],
  ['peak RSS after tools/list', `${(k.rssKb / 1024).toFixed(1)} MB vs hello-world ${(h.rssKb / 1024).toFixed(1)} MB (ratio ${(k.rssKb / h.rssKb).toFixed(2)})`, 'ratio ≤ 1.5', k.rssKb / h.rssKb <= 1.5],
  [
    `search (${p.search.length} runs of ${p.queries} queries)`,
    `p50 ${ms(quantile(p.search, 0.5))}, p95 ${ms(quantile(p.search, 0.95))} (p95 of each query's median ${ms(quantile(perQueryMedians(p.search, p.queries), 0.95))})`,
    'p95 < 5 ms',
    quantile(p.search, 0.95) < 5,
  ],
  ['search over stdio (the SDK client and the built server, 490 runs after a warm pass; includes the client)', `p50 ${ms(quantile(stdio, 0.5))}, p95 ${ms(quantile(stdio, 0.95))}`, 'informational', true],
  ['search, first pass after start', `p50 ${ms(quantile(p.searchFirst, 0.5))}, p95 ${ms(quantile(p.searchFirst, 0.95))}`, 'informational', true],
  [`get_schema (${p.operations} operations)`, `p50 ${ms(quantile(p.schema, 0.5))}, p95 ${ms(quantile(p.schema, 0.95))}, max ${ms(Math.max(...p.schema))}`, 'p95 < 20 ms', quantile(p.schema, 0.95) < 20],
  ['search_docs, first call in the built server (import + load + search)', ms(d.firstMs), '< 250 ms', d.firstMs < 250],
  ['search_docs, first call in-process under tsx (includes compiling the modules)', ms(p.docsFirst), 'informational', true],
  ['search_docs (loaded)', `p50 ${ms(quantile(p.docs, 0.5))}, p95 ${ms(quantile(p.docs, 0.95))}`, 'p95 < 20 ms', quantile(p.docs, 0.95) < 20],
  ['HTML to text, 1 MB of unclosed <script>', `max ${ms(Math.max(...p.html))} over ${p.html.length} runs`, '< 200 ms', Math.max(...p.html) < 200],
  ['search_docs, one 1,980-character word', `max ${ms(Math.max(...p.longWordDocs))} over ${p.longWordDocs.length} runs`, '< 500 ms', Math.max(...p.longWordDocs) < 500],
  [
    'RSS after loading the docs index',
    `server peak ${(d.rssKb / 1024).toFixed(0)} MB after four search_docs calls (the index adds ${((p.docsRss.after - p.docsRss.before) / 2 ** 20).toFixed(0)} MB in-process)`,
    '≤ 150 MB',
    d.rssKb <= 150 * 1024,
  ],
  ['search_docs { url } (read a page)', `max ${ms(Math.max(...p.docsRead))}`, 'informational', true],
  ['execute overhead (local server)', `${ms(p.executeOverhead)} (execute p50 ${ms(p.executeP50)}, raw fetch p50 ${ms(p.fetchP50)})`, 'informational', true],
  ['routes with no service (2,500 routes)', `select: 1 call, ${lq.selectTokens} tokens${lq.correct ? '' : ' (WRONG ANSWER)'}; every page with fields [name, service]: ${lq.pagesCalls} calls, ${lq.pagesTokens} tokens (${(lq.pagesTokens / lq.selectTokens).toFixed(0)}×)`, 'select < 3,000 tokens', lq.correct && lq.selectTokens < 3000],
  ...http.map((f): [string, string, string, boolean] => [
    `search over HTTP, ${f.name} (${f.requests} requests, 8 clients)`,
    `${f.rps.toFixed(0)} req/s (${(f.rps / direct.rps).toFixed(2)}× one instance), p50 ${ms(f.p50)}, p95 ${ms(f.p95)}`,
    'informational',
    true,
  ]),
  ['tools/list size', `${toolsTokens} tokens`, '≤ 1,500 tokens', toolsTokens <= 1500],
];

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
console.log(`konnect-mcp bench — ${new Date().toISOString().slice(0, 10)} — ${machine}\n`);
const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length)), Math.max(...rows.map((r) => r[2].length))];
for (const [name, value, target, pass] of rows) console.log(`${name.padEnd(w[0]!)}  ${value.padEnd(w[1]!)}  ${target.padEnd(w[2]!)}  ${pass ? 'ok' : 'MISSED'}`);
writeFileSync(
  root('bench/results.json'),
  JSON.stringify({ date: new Date().toISOString(), machine, runs: RUNS, rows: rows.map(([name, value, target, pass]) => ({ name, value, target, pass })) }, null, 2),
);
const missed = rows.filter((r) => !r[3]).length;
console.log(missed === 0 ? '\nall targets met' : `\n${missed} target(s) missed`);
