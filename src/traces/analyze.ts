// Where the time of a Kong request went, from its Debugger spans. Span meanings follow Kong's "Debugger spans"
// reference: each instant of the root span is given to the deepest span running then, so the parts add up to the total.
import { clean, type AttrValue, type Span } from './spans.js';

export type Category = 'client' | 'kong' | 'upstream' | 'waitingForClient';
export const CATEGORIES: Category[] = ['client', 'kong', 'upstream', 'waitingForClient'];

export interface Item {
  category: Category;
  what: string;
  ms: number;
  share: number;
  pluginId?: string;
}

export interface TraceAnalysis {
  traceId: string;
  requestId?: string;
  method?: string;
  url?: string;
  status?: number;
  upstreamStatus?: number;
  totalMs: number;
  bottleneck: Item;
  /** The three biggest contributors, in words. */
  summary: string[];
  split: Record<Category, { ms: number; share: number }>;
  items: Item[];
  criticalPath: { span: string; ms: number }[];
  /** Kong's own latency attributes on the root span (ms), when present. */
  kongLatency?: Record<string, number>;
  earlyExits?: { plugin: string; phase: string; pluginId?: string; status: number; message?: string }[];
  errors?: { span: string; message?: string }[];
  events?: { span: string; name: string; message?: string }[];
  notes?: string[];
}

/** Spans looked at per trace; Kong traces have tens, so more is a hostile or broken file. */
const MAX_SPANS_PER_TRACE = 2000;
const MAX_ITEMS = 15;
const MAX_PATH = 12;
const MAX_LISTED = 20;

// Earlier gateway versions used these names for the same spans.
const RENAMED = new Map([
  ['kong.upstream.try_select', 'kong.find_upstream'],
  ['kong.upstream.ttfb', 'kong.read_headers_from_upstream'],
  ['kong.waiting_for_upstream', 'kong.read_headers_from_upstream'],
  ['kong.upstream.read_response', 'kong.read_body_from_upstream'],
  ['kong.read_response_from_upstream', 'kong.read_body_from_upstream'],
]);

export function spanName(s: Span): string {
  return RENAMED.get(s.name) ?? s.name;
}

const PROTOCOLS = new Map([
  ['redis', 'Redis'],
  ['http', 'HTTP'],
  ['socket', 'socket'],
]);

const LATENCY_ATTRS: [string, string][] = [
  ['proxy.kong.latency.total', 'total'],
  ['proxy.kong.latency.internal', 'internal'],
  ['proxy.kong.latency.client', 'client'],
  ['proxy.kong.latency.upstream', 'upstream'],
  ['proxy.kong.latency.upstream.read_headers_duration', 'upstreamReadHeaders'],
  ['proxy.kong.latency.upstream.read_body_duration', 'upstreamReadBody'],
  ['proxy.kong.latency.3p.total_io', 'thirdPartyIo'],
  ['proxy.kong.latency.3p.dns.total_io', 'dnsIo'],
  ['proxy.kong.latency.3p.redis.total_io', 'redisIo'],
  ['proxy.kong.latency.3p.http_client.total_io', 'httpClientIo'],
  ['proxy.kong.latency.3p.tcpsock.total_io', 'tcpsockIo'],
];

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${Number((ms / 1000).toFixed(2))} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  return `${Number(ms.toFixed(1))} ms`;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const share = (ms: number, total: number): number => (total > 0 ? Math.round((ms / total) * 1000) / 10 : 0);

function num(v: AttrValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.length > 0 && v.length < 20 && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function str(v: AttrValue | undefined, max = 120): string | undefined {
  const s = v === undefined ? '' : clean(v, max);
  return s && s !== 'unknown' ? s : undefined;
}

const SECRET_WORDS = new Set(['bearer', 'basic', 'authorization', 'apikey', 'api-key', 'x-api-key', 'api_key']);
const keyword = (w: string | undefined): boolean => SECRET_WORDS.has((w ?? '').toLowerCase().replace(/[:=]$/, ''));

/** Removes credentials a log line may carry: the word after "Bearer", "Authorization:" or an API key name. */
export function scrub(text: string): string {
  const words = text.split(' ');
  for (let i = 0; i < words.length - 1; i++) {
    if (keyword(words[i]) && !keyword(words[i + 1])) words[i + 1] = '***';
  }
  return words.join(' ').replace(/(apikey|api[-_]key|authorization|token)=[^&\s]+/gi, '$1=***');
}

interface Kind {
  category: Category;
  key: string;
  what: string;
  /** The contributor in words, given its formatted time. */
  phrase: (t: string) => string;
  pluginId?: string;
}

interface Context {
  byId: Map<string, Span>;
  root: Span;
  upstreamPeer: string | undefined;
}

function pluginOf(name: string): { phase: string; plugin: string } | undefined {
  const parts = name.split('.');
  if (parts.length < 4 || parts[0] !== 'kong' || parts[2] !== 'plugin') return undefined;
  return { phase: parts[1] ?? '', plugin: parts.slice(3).join('.') };
}

function nearestPlugin(s: Span, ctx: Context): string | undefined {
  let cur = ctx.byId.get(s.parentSpanId);
  for (let i = 0; cur && i < 64; i++) {
    const p = pluginOf(cur.name);
    if (p) return `${p.plugin} plugin (${p.phase} phase)`;
    cur = ctx.byId.get(cur.parentSpanId);
  }
  return undefined;
}

function peerOf(s: Span): string | undefined {
  const addr = str(s.attrs.get('network.peer.address')) ?? str(s.attrs.get('network.peer.name'));
  const port = num(s.attrs.get('network.peer.port'));
  return addr ? (port !== undefined ? `${addr}:${port}` : addr) : undefined;
}

function kindOf(s: Span, ctx: Context): Kind {
  const name = spanName(s);
  const from = ctx.upstreamPeer ? ` from ${ctx.upstreamPeer}` : '';
  const to = ctx.upstreamPeer ? ` ${ctx.upstreamPeer}` : '';
  if (s === ctx.root) return { category: 'kong', key: name, what: 'Kong outside phases', phrase: (t) => `Kong between its phases: ${t}` };
  switch (name) {
    case 'kong.tls_handshake':
      return { category: 'client', key: name, what: 'TLS handshake with the client', phrase: (t) => `the TLS handshake with the client: ${t}` };
    case 'kong.read_client_http_headers':
      return { category: 'client', key: name, what: 'client sending request headers', phrase: (t) => `the client sending its request headers: ${t}` };
    case 'kong.read_client_http_body': {
      const size = num(ctx.root.attrs.get('proxy.kong.http.request.body.size'));
      const bytes = size !== undefined ? ` (${size} bytes)` : '';
      return { category: 'client', key: name, what: 'client sending the request body', phrase: (t) => `the client sending the request body${bytes}: ${t}` };
    }
    case 'kong.wait_for_client_read':
      return { category: 'waitingForClient', key: name, what: 'waiting for the client to read the response', phrase: (t) => `waiting for the client to read the response: ${t}` };
    case 'kong.router':
      return { category: 'kong', key: name, what: 'router', phrase: (t) => `Kong's router: ${t}` };
    case 'kong.dns': {
      const domain = str(s.attrs.get('proxy.kong.dns.domain')) ?? str(s.attrs.get('proxy.kong.dns.record.domain'));
      const of = domain ? ` of ${domain}` : '';
      return { category: 'kong', key: `${name}${of}`, what: `DNS lookup${of}`, phrase: (t) => `a DNS lookup${of}: ${t}` };
    }
    case 'kong.upstream.selection':
      return { category: 'kong', key: name, what: 'upstream selection', phrase: (t) => `Kong selecting an upstream target: ${t}` };
    case 'kong.find_upstream': {
      const peer = peerOf(s) ?? ctx.upstreamPeer;
      const tries = num(s.attrs.get('try_count'));
      const more = tries !== undefined && tries > 1 ? ` (try ${tries})` : '';
      return { category: 'upstream', key: name, what: 'connecting to the upstream', phrase: (t) => `connecting to the upstream${peer ? ` ${peer}` : ''}${more}: ${t}` };
    }
    case 'kong.send_request_to_upstream':
      return { category: 'upstream', key: name, what: 'sending the request to the upstream', phrase: (t) => `sending the request to the upstream${to}: ${t}` };
    case 'kong.read_headers_from_upstream':
      return { category: 'upstream', key: name, what: 'upstream time to first byte', phrase: (t) => `the upstream answering: time to first byte ${t}${from}` };
    case 'kong.read_body_from_upstream':
      return { category: 'upstream', key: name, what: 'upstream sending the response body', phrase: (t) => `the upstream sending the response body: ${t}${from}` };
    case 'kong.analytics.log_request':
      return { category: 'kong', key: name, what: 'analytics logging', phrase: (t) => `preparing analytics data: ${t}` };
  }
  const plugin = pluginOf(name);
  if (plugin) {
    const id = str(s.attrs.get('proxy.kong.plugin.id'), 64);
    return {
      category: 'kong',
      key: `${name}#${id ?? ''}`,
      what: `${plugin.plugin} plugin (${plugin.phase})`,
      phrase: (t) => `the ${plugin.plugin} plugin in the ${plugin.phase} phase${id ? ` (id ${id})` : ''}: ${t}`,
      ...(id ? { pluginId: id } : {}),
    };
  }
  if (name.startsWith('kong.phase.')) {
    const phase = name.slice('kong.phase.'.length);
    return { category: 'kong', key: name, what: `${phase} phase outside plugins`, phrase: (t) => `Kong's ${phase} phase outside its plugins: ${t}` };
  }
  if (name.startsWith('kong.io.')) {
    const [transport = '', ...op] = name.slice('kong.io.'.length).split('.');
    const proto = PROTOCOLS.get(transport) ?? transport;
    const by = nearestPlugin(s, ctx);
    const peer = peerOf(s);
    const detail = `${proto} I/O${op.length ? ` (${op.join('.')})` : ''}`;
    return {
      category: 'kong',
      key: `${name}|${by ?? ''}|${peer ?? ''}`,
      what: `${detail}${by ? ` by the ${by}` : ''}${peer ? ` with ${peer}` : ''}`,
      phrase: (t) => `${by ? `the ${by} waiting on ` : ''}${detail}${peer ? ` with ${peer}` : ''}: ${t}`,
    };
  }
  if (name.startsWith('kong.datakit.node.')) {
    const node = name.slice('kong.datakit.node.'.length);
    return { category: 'kong', key: name, what: `Datakit node ${node}`, phrase: (t) => `the Datakit node ${node}: ${t}` };
  }
  return { category: 'kong', key: name, what: name, phrase: (t) => `${name}: ${t}` };
}

function findRoot(spans: Span[], byId: Map<string, Span>): Span {
  const parentless = spans.filter((s) => !s.parentSpanId || !byId.has(s.parentSpanId));
  const pool = parentless.length > 0 ? parentless : spans;
  const kong = pool.find((s) => s.name === 'kong');
  if (kong) return kong;
  return pool.reduce((a, b) => (b.endNs - b.startNs > a.endNs - a.startNs ? b : a));
}

function depthOf(s: Span, byId: Map<string, Span>, memo: Map<Span, number>): number {
  const chain: Span[] = [];
  let cur: Span | undefined = s;
  let base = 0;
  const seen = new Set<Span>();
  while (cur) {
    const known = memo.get(cur);
    if (known !== undefined) {
      base = known + 1;
      break;
    }
    if (seen.has(cur)) break; // a parent cycle in a broken file
    seen.add(cur);
    chain.push(cur);
    cur = byId.get(cur.parentSpanId);
  }
  for (let i = chain.length - 1; i >= 0; i--) memo.set(chain[i] as Span, base + (chain.length - 1 - i));
  return memo.get(s) ?? 0;
}

const nsToMs = (ns: bigint): number => Number(ns) / 1e6;

export function analyzeTrace(all: Span[]): TraceAnalysis {
  const notes: string[] = [];
  let spans = all;
  if (spans.length > MAX_SPANS_PER_TRACE) {
    spans = [...all].sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0)).slice(0, MAX_SPANS_PER_TRACE);
    notes.push(`only the first ${MAX_SPANS_PER_TRACE} of ${all.length} spans were analyzed`);
  }
  const byId = new Map<string, Span>();
  for (const s of spans) byId.set(s.spanId, s);
  const root = findRoot(spans, byId);
  if (root.name !== 'kong') notes.push('no root span named "kong": the longest top-level span was taken as the request');

  const finds = spans.filter((s) => spanName(s) === 'kong.find_upstream');
  const lastFind = finds.reduce<Span | undefined>((a, b) => (!a || b.startNs >= a.startNs ? b : a), undefined);
  const upstreamPeer = (lastFind && peerOf(lastFind)) ?? str(root.attrs.get('proxy.kong.upstream.host')) ?? str(root.attrs.get('proxy.kong.upstream.addr'));
  const ctx: Context = { byId, root, upstreamPeer };

  // Timeline: every instant of the root goes to the deepest span covering it (ties: the one that started last).
  const rs = root.startNs;
  const re = root.endNs;
  const memo = new Map<Span, number>();
  const clipped = spans
    .map((s) => ({ s, a: s.startNs < rs ? rs : s.startNs, b: s.endNs > re ? re : s.endNs, depth: depthOf(s, byId, memo) }))
    .filter((c) => c.b > c.a || c.s === root);
  const cuts = [...new Set(clipped.flatMap((c) => [c.a, c.b]))].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const owned = new Map<Span, number>();
  const path: { s: Span; ns: bigint }[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i] as bigint;
    const b = cuts[i + 1] as bigint;
    let best: (typeof clipped)[number] | undefined;
    for (const c of clipped) {
      if (c.a > a || c.b < b) continue;
      if (!best || c.depth > best.depth || (c.depth === best.depth && c.a >= best.a)) best = c;
    }
    if (!best) continue;
    owned.set(best.s, (owned.get(best.s) ?? 0) + Number(b - a));
    const last = path.at(-1);
    if (last && last.s === best.s) last.ns += b - a;
    else path.push({ s: best.s, ns: b - a });
  }

  const totalMs = nsToMs(re - rs);
  const kinds = new Map<Span, Kind>();
  const kindFor = (s: Span): Kind => {
    let k = kinds.get(s);
    if (!k) kinds.set(s, (k = kindOf(s, ctx)));
    return k;
  };
  const grouped = new Map<string, { kind: Kind; ns: number }>();
  for (const [s, ns] of owned) {
    const k = kindFor(s);
    const g = grouped.get(k.key);
    if (g) g.ns += ns;
    else grouped.set(k.key, { kind: k, ns });
  }
  const ranked = [...grouped.values()].sort((x, y) => y.ns - x.ns);
  const toItem = (g: { kind: Kind; ns: number }): Item => ({
    category: g.kind.category,
    what: g.kind.what,
    ms: round2(g.ns / 1e6),
    share: share(g.ns / 1e6, totalMs),
    ...(g.kind.pluginId ? { pluginId: g.kind.pluginId } : {}),
  });
  const items = ranked.slice(0, MAX_ITEMS).map(toItem);
  const split = Object.fromEntries(CATEGORIES.map((c) => [c, { ms: 0, share: 0 }])) as TraceAnalysis['split'];
  for (const g of ranked) split[g.kind.category].ms += g.ns / 1e6;
  for (const c of CATEGORIES) split[c] = { ms: round2(split[c].ms), share: share(split[c].ms, totalMs) };

  const total = formatMs(totalMs);
  const summary = ranked.slice(0, 3).map((g) => `${Math.round(share(g.ns / 1e6, totalMs))}% of ${total} is ${g.kind.phrase(formatMs(g.ns / 1e6))}`);
  const minPathNs = Number(re - rs) / 100;
  const criticalPath = path.filter((p) => Number(p.ns) >= minPathNs).slice(0, MAX_PATH).map((p) => ({ span: kindFor(p.s).what, ms: round2(nsToMs(p.ns)) }));

  const out: TraceAnalysis = {
    traceId: root.traceId,
    totalMs: round2(totalMs),
    bottleneck: items[0] ?? { category: 'kong', what: 'Kong outside phases', ms: 0, share: 0 },
    summary,
    split,
    items,
    criticalPath,
  };
  const requestId = str(root.attrs.get('proxy.kong.request.id'), 64);
  if (requestId) out.requestId = requestId;
  const method = str(root.attrs.get('http.request.method'), 16);
  if (method) out.method = method;
  const url = str(root.attrs.get('url.full'), 200);
  if (url) out.url = url.split('?')[0] ?? url;
  const status = num(root.attrs.get('http.response.status_code'));
  if (status !== undefined) out.status = status;
  const upstreamStatus = num(root.attrs.get('proxy.kong.upstream.status_code'));
  if (upstreamStatus !== undefined) out.upstreamStatus = upstreamStatus;

  const latency: Record<string, number> = {};
  for (const [attr, key] of LATENCY_ATTRS) {
    const v = num(root.attrs.get(attr));
    if (v !== undefined) latency[key] = round2(v);
  }
  if (Object.keys(latency).length > 0) out.kongLatency = latency;

  const earlyExits: NonNullable<TraceAnalysis['earlyExits']> = [];
  const errors: NonNullable<TraceAnalysis['errors']> = [];
  const events: NonNullable<TraceAnalysis['events']> = [];
  for (const s of spans) {
    const plugin = pluginOf(s.name);
    const exit = num(s.attrs.get('proxy.kong.plugin.http.response.status_code'));
    if (plugin && exit !== undefined && earlyExits.length < MAX_LISTED) {
      const id = str(s.attrs.get('proxy.kong.plugin.id'), 64);
      const message = str(s.attrs.get('proxy.kong.plugin.http.response.status_message'), 200);
      earlyExits.push({ plugin: plugin.plugin, phase: plugin.phase, ...(id ? { pluginId: id } : {}), status: exit, ...(message ? { message: scrub(message) } : {}) });
    }
    const nodeFailed = s.attrs.get('proxy.kong.datakit.node.status') === 'fail';
    if ((s.error || nodeFailed) && errors.length < MAX_LISTED) {
      errors.push({ span: s.name, ...(s.error?.message ? { message: scrub(s.error.message) } : {}) });
    }
    for (const e of s.events) {
      if (events.length >= MAX_LISTED) break;
      const message = str(e.attrs.get('exception.message'), 200) ?? str(e.attrs.get('message'), 200);
      events.push({ span: s.name, name: e.name, ...(message ? { message: scrub(message) } : {}) });
    }
  }
  if (earlyExits.length) out.earlyExits = earlyExits;
  if (errors.length) out.errors = errors;
  if (events.length) out.events = events;
  if (notes.length) out.notes = notes;
  return out;
}

export interface Percentiles {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface TraceLine {
  traceId: string;
  requestId?: string;
  status?: number;
  totalMs: number;
  bottleneck: string;
}

export interface MultiSummary {
  traceCount: number;
  statusCounts: Record<string, number>;
  totalMs: Percentiles;
  slowest: TraceLine[];
  failing: TraceLine[];
  /** Per span name: its time summed within each trace, then percentiles over the traces that have it. */
  spans: ({ name: string; traces: number } & Percentiles)[];
}

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

function percentiles(values: number[]): Percentiles {
  const v = [...values].sort((a, b) => a - b);
  const at = (p: number): number => round2(percentile(v, p));
  return { p50: at(50), p90: at(90), p95: at(95), p99: at(99), max: round2(v.at(-1) ?? 0) };
}

export function isFailing(a: TraceAnalysis): boolean {
  return (a.status !== undefined && a.status >= 400) || a.errors !== undefined;
}

function line(a: TraceAnalysis): TraceLine {
  return {
    traceId: a.traceId,
    ...(a.requestId ? { requestId: a.requestId } : {}),
    ...(a.status !== undefined ? { status: a.status } : {}),
    totalMs: a.totalMs,
    bottleneck: `${a.bottleneck.what} ${formatMs(a.bottleneck.ms)} (${Math.round(a.bottleneck.share)}%)`,
  };
}

export function summarize(traces: { spans: Span[]; analysis: TraceAnalysis }[], maxSpanNames = 15): MultiSummary {
  const statusCounts: Record<string, number> = Object.create(null) as Record<string, number>;
  const perName = new Map<string, number[]>();
  for (const t of traces) {
    const key = t.analysis.status !== undefined ? String(t.analysis.status) : 'unknown';
    statusCounts[key] = (statusCounts[key] ?? 0) + 1;
    const sums = new Map<string, number>();
    for (const s of t.spans) {
      const n = spanName(s);
      sums.set(n, (sums.get(n) ?? 0) + nsToMs(s.endNs - s.startNs));
    }
    for (const [n, ms] of sums) {
      const list = perName.get(n);
      if (list) list.push(ms);
      else perName.set(n, [ms]);
    }
  }
  const byTime = [...traces].sort((x, y) => y.analysis.totalMs - x.analysis.totalMs);
  const spans = [...perName]
    .map(([name, values]) => ({ name, traces: values.length, ...percentiles(values) }))
    .sort((x, y) => y.p95 - x.p95 || x.name.localeCompare(y.name))
    .slice(0, maxSpanNames);
  return {
    traceCount: traces.length,
    statusCounts,
    totalMs: percentiles(traces.map((t) => t.analysis.totalMs)),
    slowest: byTime.slice(0, 5).map((t) => line(t.analysis)),
    failing: byTime.filter((t) => isFailing(t.analysis)).slice(0, 10).map((t) => line(t.analysis)),
    spans,
  };
}
