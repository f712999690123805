// Builds Kong Debugger traces from a list of steps laid out one after the other, in the shapes a download may take.
import { crc32, deflateRawSync } from 'node:zlib';

export type Attrs = Record<string, string | number | boolean>;

export interface Step {
  name: string;
  ms: number;
  attrs?: Attrs;
  /** Laid out one after the other from the step's start; what they leave is the step's own time. */
  children?: Step[];
  status?: { code: number; message?: string };
  events?: { name: string; attrs: Attrs }[];
}

export type Style = 'otlp' | 'snake' | 'flat';

interface Built {
  name: string;
  spanId: string;
  parentSpanId: string;
  start: bigint;
  end: bigint;
  step: Step;
}

const BASE_NS = 1_764_460_800_000_000_000n; // 2025-11-30T00:00:00Z
const ns = (ms: number): bigint => BigInt(Math.round(ms * 1e6));

function hexId(trace: number, span: number): string {
  return `${trace.toString(16).padStart(8, '0')}${span.toString(16).padStart(8, '0')}`;
}

export function traceIdOf(n: number): string {
  return `${n.toString(16).padStart(8, '0')}${'c0ffee00'.repeat(3)}`;
}

/** The root "kong" span holding the steps; its length is the steps' sum unless given. */
export function layout(traceNo: number, rootAttrs: Attrs, steps: Step[], offsetMs = 0): Built[] {
  const out: Built[] = [];
  let counter = 0;
  const place = (step: Step, start: bigint, parent: string): void => {
    const spanId = hexId(traceNo, ++counter);
    out.push({ name: step.name, spanId, parentSpanId: parent, start, end: start + ns(step.ms), step });
    let t = start;
    for (const c of step.children ?? []) {
      place(c, t, spanId);
      t += ns(c.ms);
    }
  };
  const total = steps.reduce((a, s) => a + s.ms, 0);
  place({ name: 'kong', ms: total, attrs: rootAttrs, children: steps }, BASE_NS + ns(offsetMs), '');
  return out;
}

const kv = (attrs: Attrs): unknown[] =>
  Object.entries(attrs).map(([key, v]) => ({
    key,
    value: typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v },
  }));

function b64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

export function spanJson(b: Built, traceId: string, style: Style, base64Ids = false): Record<string, unknown> {
  const id = (h: string): string => (base64Ids && h ? b64(h) : h);
  if (style === 'snake') {
    return {
      trace_id: traceId,
      span_id: b.spanId,
      parent_span_id: b.parentSpanId,
      name: b.name,
      kind: 'SPAN_KIND_INTERNAL',
      start_time_unix_nano: String(b.start),
      end_time_unix_nano: String(b.end),
      attributes: b.step.attrs ?? {},
      status: b.step.status ?? {},
    };
  }
  return {
    traceId: id(traceId),
    spanId: id(b.spanId),
    ...(b.parentSpanId ? { parentSpanId: id(b.parentSpanId) } : {}),
    name: b.name,
    kind: 1,
    startTimeUnixNano: String(b.start),
    endTimeUnixNano: String(b.end),
    attributes: kv(b.step.attrs ?? {}),
    ...(b.step.events ? { events: b.step.events.map((e) => ({ timeUnixNano: String(b.start), name: e.name, attributes: kv(e.attrs) })) } : {}),
    status: b.step.status ?? {},
  };
}

/** One trace document as a Debugger download would hold it. */
export function traceDocument(traceNo: number, rootAttrs: Attrs, steps: Step[], style: Style, base64Ids = false): unknown {
  const traceId = traceIdOf(traceNo);
  const spans = layout(traceNo, rootAttrs, steps).map((b) => spanJson(b, traceId, style, base64Ids));
  if (style === 'flat') return spans;
  const resource = style === 'snake'
    ? { attributes: { 'service.name': 'kong', 'service.version': '3.12.0.0' } }
    : { attributes: kv({ 'service.name': 'kong', 'service.version': '3.12.0.0' }) };
  const scope = { name: 'kong-internal', version: '0.1.0' };
  return style === 'snake'
    ? { resource_spans: [{ resource, scope_spans: [{ scope, spans }] }] }
    : { resourceSpans: [{ resource, scopeSpans: [{ scope, spans }] }] };
}

// ---- a tiny zip writer, so tests can also build archives no zip tool would write ----

export interface ZipEntry {
  name: string;
  data: Buffer | string;
  /** 8 = deflate (default), 0 = stored. */
  method?: 0 | 8;
  /** Marks the entry as a symbolic link in its Unix mode. */
  symlink?: boolean;
  /** A false uncompressed size to write in the headers. */
  claimedSize?: number;
}

export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data);
    const method = e.method ?? 8;
    const body = method === 8 ? deflateRawSync(raw) : raw;
    const name = Buffer.from(e.name);
    const crc = crc32(raw);
    const size = e.claimedSize ?? raw.length;
    // Local and central headers share this run of fields, two bytes apart.
    const shared = (buf: Buffer, at: number): void => {
      buf.writeUInt16LE(0x0800, at); // UTF-8 names
      buf.writeUInt16LE(method, at + 2);
      buf.writeUInt16LE(0, at + 4);
      buf.writeUInt16LE(0x21, at + 6);
      buf.writeUInt32LE(crc, at + 8);
      buf.writeUInt32LE(body.length, at + 12);
      buf.writeUInt32LE(size, at + 16);
      buf.writeUInt16LE(name.length, at + 20);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    shared(local, 6);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    shared(central, 8);
    central.writeUInt32LE(((e.symlink ? 0o120777 : 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
