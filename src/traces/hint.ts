// A pointer for search answers: Konnect's Debugger has no public API, so questions about active tracing lead
// to analyze_trace and the docs page instead. Kept tiny: search imports it at startup, the analyzer loads later.

const WORDS = new Set(['debugger', 'tracing', 'trace', 'traces', 'span', 'spans']);
const DEBUG = new Set(['debug', 'debugging']);
const SESSION = new Set(['session', 'sessions']);

export const DEBUGGER_DOCS = 'https://developer.konghq.com/observability/debugger/';

export const TRACE_HINT =
  `Active tracing: Konnect's Debugger has no public API. Start a debug session in Konnect (Observability > Debugger), ` +
  `download the trace (.json/.zip) and pass it to analyze_trace. Docs: ${DEBUGGER_DOCS}`;

/** True when the query's words speak of tracing or a debug session. Looks at the first 64 words only. */
export function isTracingQuery(query: string): boolean {
  const words = query.slice(0, 1000).toLowerCase().split(/[^a-z]+/).slice(0, 64);
  if (words.some((w) => WORDS.has(w))) return true;
  return words.some((w) => DEBUG.has(w)) && words.some((w) => SESSION.has(w));
}

/** The search tool's text, with the Debugger pointer added when the query is about tracing. */
export function withTraceHint(query: string, text: string): string {
  return isTracingQuery(query) ? `${text}\n${TRACE_HINT}` : text;
}
