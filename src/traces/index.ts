// analyze_trace's core, shared by the tool and `konnect-mcp trace`: read, pick the trace(s), analyze, render.
import { ToolInputError } from '../errors.js';
import { analyzeTrace, CATEGORIES, formatMs, isFailing, summarize, type MultiSummary, type TraceAnalysis } from './analyze.js';
import { DEFAULT_LIMITS, parseJson, readTraceFile, type ReadLimits, type TraceDocument } from './read.js';
import { normalizeId, spansOf, type Span } from './spans.js';

export { DEFAULT_LIMITS, type ReadLimits } from './read.js';
export type { TraceAnalysis, MultiSummary } from './analyze.js';

export interface TraceInput {
  path?: string | undefined;
  trace?: unknown;
  traceId?: string | undefined;
  requestId?: string | undefined;
}

export interface TraceReport {
  traceCount: number;
  /** The trace asked for, or the slowest (and the slowest failing one) of many. */
  traces: TraceAnalysis[];
  summary?: MultiSummary;
  notes?: string[];
}

async function documents(input: TraceInput, limits: ReadLimits): Promise<{ docs: TraceDocument[]; skipped: number }> {
  const hasPath = typeof input.path === 'string' && input.path.length > 0;
  if (hasPath === (input.trace !== undefined)) {
    throw new ToolInputError('Pass either path (a .json or .zip downloaded from a Konnect Debugger session) or trace (the JSON inline), not both or neither.');
  }
  if (hasPath) {
    const { documents: docs, skipped } = await readTraceFile(input.path as string, limits);
    return { docs, skipped };
  }
  let value = input.trace;
  if (typeof value === 'string') {
    const t = value.length < 4096 ? value.trim().toLowerCase() : '';
    if (!t.startsWith('{') && !t.startsWith('[') && (t.endsWith('.json') || t.endsWith('.zip'))) {
      throw new ToolInputError('trace holds a file name, not JSON: pass the file as path instead.');
    }
    if (Buffer.byteLength(value) > limits.maxBytes) throw new ToolInputError('the inline trace is over the size limit. Save it to a file and pass path.', 'BAD_TRACE_FILE');
    value = parseJson(value, 'the inline trace');
  }
  return { docs: [{ source: 'the inline trace', value }], skipped: 0 };
}

function byTrace(spans: Span[]): Map<string, Span[]> {
  const groups = new Map<string, Span[]>();
  for (const s of spans) {
    const g = groups.get(s.traceId);
    if (g) g.push(s);
    else groups.set(s.traceId, [s]);
  }
  return groups;
}

function pick(groups: Map<string, Span[]>, input: TraceInput): Span[] | undefined {
  if (input.traceId !== undefined) {
    const found = groups.get(normalizeId(input.traceId.trim()));
    if (!found) throw new ToolInputError(`no trace with that traceId among the ${groups.size} in the file. Leave traceId out to see the slowest and failing ones.`, 'TRACE_NOT_FOUND');
    return found;
  }
  if (input.requestId !== undefined) {
    const want = input.requestId.trim();
    for (const g of groups.values()) {
      if (g.some((s) => s.name === 'kong' && s.attrs.get('proxy.kong.request.id') === want)) return g;
    }
    throw new ToolInputError(`no trace with that requestId among the ${groups.size} in the file. Leave requestId out to see the slowest and failing ones.`, 'TRACE_NOT_FOUND');
  }
  return groups.size === 1 ? [...groups.values()][0] : undefined;
}

export async function analyzeTraces(input: TraceInput, limits: ReadLimits = DEFAULT_LIMITS): Promise<TraceReport> {
  const { docs, skipped } = await documents(input, limits);
  const groups = byTrace(spansOf(docs));
  const notes = skipped > 0 ? [`${skipped} zip entries that are not .json files were not read`] : [];
  const chosen = pick(groups, input);
  const withNotes = (r: TraceReport): TraceReport => (notes.length ? { ...r, notes } : r);
  if (chosen) return withNotes({ traceCount: groups.size, traces: [analyzeTrace(chosen)] });

  const all = [...groups.values()].map((spans) => ({ spans, analysis: analyzeTrace(spans) }));
  const summary = summarize(all);
  const slowest = all.reduce((a, b) => (b.analysis.totalMs > a.analysis.totalMs ? b : a));
  const failing = all.filter((t) => isFailing(t.analysis)).sort((a, b) => b.analysis.totalMs - a.analysis.totalMs)[0];
  const traces = [slowest.analysis, ...(failing && failing !== slowest ? [failing.analysis] : [])];
  return withNotes({ traceCount: groups.size, traces, summary });
}

const LABEL: Record<(typeof CATEGORIES)[number], string> = { client: 'client', kong: 'Kong', upstream: 'upstream', waitingForClient: 'waiting for the client' };

function renderTrace(a: TraceAnalysis): string {
  const lines: string[] = [];
  const status = a.status !== undefined ? ` -> ${a.status}${a.upstreamStatus !== undefined ? ` (upstream ${a.upstreamStatus})` : ''}` : '';
  const request = [a.method, a.url].filter(Boolean).join(' ');
  lines.push(`Trace ${a.traceId || '(no id)'}${a.requestId ? ` request ${a.requestId}` : ''}${request ? `: ${request}` : ''}${status}`);
  const parts = CATEGORIES.filter((c) => a.split[c].ms > 0).map((c) => `${LABEL[c]} ${formatMs(a.split[c].ms)} (${a.split[c].share}%)`);
  lines.push(`Total ${formatMs(a.totalMs)}: ${parts.join(', ')}`);
  lines.push(`Bottleneck: ${a.bottleneck.what}, ${formatMs(a.bottleneck.ms)} (${a.bottleneck.share}%)`);
  for (const s of a.summary) lines.push(`- ${s}`);
  if (a.criticalPath.length) lines.push(`Critical path: ${a.criticalPath.map((p) => `${p.span} ${formatMs(p.ms)}`).join(' > ')}`);
  for (const e of a.earlyExits ?? []) {
    lines.push(`Early exit: the ${e.plugin} plugin (${e.phase}${e.pluginId ? `, id ${e.pluginId}` : ''}) answered ${e.status}${e.message ? ` "${e.message}"` : ''} before the upstream`);
  }
  for (const e of a.errors ?? []) lines.push(`Error in ${e.span}${e.message ? `: ${e.message}` : ''}`);
  for (const e of a.events ?? []) lines.push(`Event ${e.name} in ${e.span}${e.message ? `: ${e.message}` : ''}`);
  if (a.kongLatency) {
    lines.push(`Kong's latency attributes (ms): ${Object.entries(a.kongLatency).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  for (const n of a.notes ?? []) lines.push(`Note: ${n}`);
  return lines.join('\n');
}

function renderSummary(s: MultiSummary): string {
  const p = (x: { p50: number; p90: number; p95: number; p99: number; max: number }): string =>
    `p50 ${formatMs(x.p50)}, p90 ${formatMs(x.p90)}, p95 ${formatMs(x.p95)}, p99 ${formatMs(x.p99)}, max ${formatMs(x.max)}`;
  const statuses = Object.entries(s.statusCounts).map(([k, v]) => `${k} x${v}`).join(', ');
  const lines = [`${s.traceCount} traces; status ${statuses}. Total time ${p(s.totalMs)}.`];
  const line = (t: MultiSummary['slowest'][number]): string =>
    `  ${t.traceId}${t.requestId ? ` (request ${t.requestId})` : ''} ${formatMs(t.totalMs)}${t.status !== undefined ? ` status ${t.status}` : ''}: ${t.bottleneck}`;
  lines.push('Slowest:', ...s.slowest.map(line));
  if (s.failing.length) lines.push('Failing:', ...s.failing.map(line));
  lines.push('Per span name (time summed per trace):', ...s.spans.map((x) => `  ${x.name} in ${x.traces}: ${p(x)}`));
  return lines.join('\n');
}

export function renderTraceReport(r: TraceReport): string {
  const parts: string[] = [];
  if (r.summary) parts.push(renderSummary(r.summary), 'Details of the slowest trace' + (r.traces.length > 1 ? ' and the slowest failing one:' : ':'));
  parts.push(...r.traces.map(renderTrace));
  for (const n of r.notes ?? []) parts.push(`Note: ${n}`);
  if (r.summary) parts.push('Pass traceId or requestId to analyze another trace of the file.');
  return parts.join('\n\n');
}
