// Trace shapes -> spans. Accepts OTLP/JSON (camelCase as OpenTelemetry specifies it, or the snake_case field names
// and plain attribute maps that Kong's trace viewer also reads), a flat array of spans, or an array of documents.
import { ToolInputError } from '../errors.js';
import { isObject, type Raw } from '../json.js';

export type AttrValue = string | number | boolean;

export interface SpanEvent {
  name: string;
  attrs: Map<string, AttrValue>;
}

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  startNs: bigint;
  endNs: bigint;
  attrs: Map<string, AttrValue>;
  error?: { message?: string };
  events: SpanEvent[];
}

export const ACCEPTED_SHAPES =
  'Accepted: OTLP/JSON ({"resourceSpans":[{"scopeSpans":[{"spans":[…]}]}]}, as downloaded from a Konnect Debugger session), ' +
  'a JSON array of such spans, or a .zip of such files.';

const MAX_DEPTH = 8;
/** Spans kept in total; a download of a 30-minute session stays far below this. */
export const MAX_SPANS = 1_000_000;


/** A field under its OTLP/JSON name or its protobuf (snake_case) name. Own properties only. */
function field(o: Raw, camel: string, snake: string): unknown {
  if (Object.hasOwn(o, camel)) return o[camel];
  return Object.hasOwn(o, snake) ? o[snake] : undefined;
}

/** Names and texts from the file: control characters dropped, length capped. */
export function clean(v: unknown, max = 120): string {
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  let out = '';
  for (const ch of s.length > max * 2 ? s.slice(0, max * 2) : s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x20 && c !== 0x7f) out += ch;
  }
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

/** int64 fields are decimal strings in OTLP/JSON, numbers in looser exports. */
function nanos(v: unknown): bigint | undefined {
  if (typeof v === 'string' && v.length > 0 && v.length <= 20 && /^\d+$/.test(v)) return BigInt(v);
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return BigInt(Math.round(v));
  return undefined;
}

/** Ids are hex in OTLP/JSON; protobuf's own JSON mapping writes base64. Both become lower-case hex. */
export function normalizeId(v: unknown): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 64) return '';
  if (/^[0-9a-fA-F]+$/.test(v)) return /^0+$/.test(v) ? '' : v.toLowerCase();
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(v)) {
    const bytes = Buffer.from(v, 'base64');
    if (bytes.length === 8 || bytes.length === 16) return bytes.every((b) => b === 0) ? '' : bytes.toString('hex');
  }
  return clean(v, 64);
}

function anyValue(v: unknown): AttrValue | undefined {
  if (!isObject(v)) return undefined;
  const s = field(v, 'stringValue', 'string_value');
  if (typeof s === 'string') return s;
  const b = field(v, 'boolValue', 'bool_value');
  if (typeof b === 'boolean') return b;
  const i = field(v, 'intValue', 'int_value');
  if (typeof i === 'number' && Number.isFinite(i)) return i;
  if (typeof i === 'string' && /^-?\d{1,20}$/.test(i)) return Number(i);
  const d = field(v, 'doubleValue', 'double_value');
  if (typeof d === 'number' && Number.isFinite(d)) return d;
  // arrayValue, kvlistValue and bytesValue carry nothing the analysis reads; they are left out.
  return undefined;
}

/** KeyValue lists ([{key, value:{stringValue…}}]) or plain maps ({"http.route":"/x"}). */
function attributes(v: unknown): Map<string, AttrValue> {
  const out = new Map<string, AttrValue>();
  if (Array.isArray(v)) {
    for (const kv of v) {
      if (!isObject(kv) || typeof kv.key !== 'string') continue;
      const value = anyValue(kv.value);
      if (value !== undefined) out.set(kv.key, value);
    }
  } else if (isObject(v)) {
    for (const key of Object.keys(v)) {
      const value = v[key];
      if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) out.set(key, value);
    }
  }
  return out;
}

function isError(status: unknown): boolean {
  if (!isObject(status)) return false;
  const code = status.code;
  return code === 2 || code === 'STATUS_CODE_ERROR' || code === 'ERROR' || code === 'error';
}

function toSpan(o: Raw): Span | undefined {
  const name = clean(o.name, 160);
  const start = nanos(field(o, 'startTimeUnixNano', 'start_time_unix_nano'));
  const end = nanos(field(o, 'endTimeUnixNano', 'end_time_unix_nano'));
  const spanId = normalizeId(field(o, 'spanId', 'span_id'));
  if (!name || start === undefined || end === undefined || !spanId) return undefined;
  const status = o.status;
  const events: SpanEvent[] = [];
  if (Array.isArray(o.events)) {
    for (const e of o.events.slice(0, 100)) if (isObject(e)) events.push({ name: clean(e.name), attrs: attributes(e.attributes) });
  }
  return {
    traceId: normalizeId(field(o, 'traceId', 'trace_id')),
    spanId,
    parentSpanId: normalizeId(field(o, 'parentSpanId', 'parent_span_id')),
    name,
    startNs: start,
    endNs: end < start ? start : end,
    attrs: attributes(o.attributes),
    ...(isError(status) ? { error: isObject(status) && typeof status.message === 'string' && status.message ? { message: clean(status.message, 200) } : {} } : {}),
    events,
  };
}

function looksLikeSpan(v: unknown): v is Raw {
  return isObject(v) && typeof v.name === 'string' && field(v, 'spanId', 'span_id') !== undefined;
}

function resourceSpans(o: Raw): unknown {
  return field(o, 'resourceSpans', 'resource_spans') ?? o.batches;
}

/** Walks one parsed document, adding its spans; false when nothing in it has a known shape. */
function collect(value: unknown, out: Span[], depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const push = (o: Raw): void => {
    if (out.length >= MAX_SPANS) throw new ToolInputError(`the trace holds more than ${MAX_SPANS} spans. Download fewer traces.`, 'BAD_TRACE_FILE');
    const s = toSpan(o);
    if (s) out.push(s);
  };
  if (Array.isArray(value)) {
    if (value.length === 0) return false;
    if (looksLikeSpan(value[0])) {
      for (const s of value) if (isObject(s)) push(s);
      return true;
    }
    let any = false;
    for (const v of value) any = collect(v, out, depth + 1) || any;
    return any;
  }
  if (!isObject(value)) return false;
  const rs = resourceSpans(value);
  if (Array.isArray(rs)) {
    for (const r of rs) {
      if (!isObject(r)) continue;
      const scopes = field(r, 'scopeSpans', 'scope_spans') ?? field(r, 'instrumentationLibrarySpans', 'instrumentation_library_spans');
      if (!Array.isArray(scopes)) continue;
      for (const sc of scopes) {
        const spans = isObject(sc) ? sc.spans : undefined;
        if (Array.isArray(spans)) for (const s of spans) if (isObject(s)) push(s);
      }
    }
    return true;
  }
  if (Array.isArray(value.spans)) return collect(value.spans, out, depth + 1);
  return false;
}

/** All spans of the documents; a clear error when a document has no known shape or no spans. */
export function spansOf(documents: { source: string; value: unknown }[]): Span[] {
  const spans: Span[] = [];
  for (const doc of documents) {
    if (!collect(doc.value, spans, 0)) {
      throw new ToolInputError(`${documents.length > 1 ? doc.source : 'the trace'} is not in a trace shape this tool reads. ${ACCEPTED_SHAPES}`, 'BAD_TRACE_FILE');
    }
  }
  if (spans.length === 0) {
    throw new ToolInputError(`the trace holds no spans with a name, spanId and start/end times. ${ACCEPTED_SHAPES}`, 'BAD_TRACE_FILE');
  }
  return spans;
}
