import { describe, expect, it } from 'vitest';
import { isTracingQuery, TRACE_HINT, withTraceHint } from '../../src/traces/hint.js';

describe('the Debugger pointer in search answers', () => {
  it('is added for questions about active tracing, the Debugger, spans or a debug session', () => {
    for (const q of ['start an active tracing session on route orders', 'Konnect debugger', 'debug session for a slow route', 'which span is slow', 'analyze a trace']) {
      expect(isTracingQuery(q), q).toBe(true);
    }
    expect(withTraceHint('active tracing', 'GET /x  op [api]  Summary')).toBe(`GET /x  op [api]  Summary\n${TRACE_HINT}`);
    expect(TRACE_HINT).toContain('analyze_trace');
    expect(TRACE_HINT).toContain('https://developer.konghq.com/observability/debugger/');
  });

  it('is left out for other questions, including ones that only say debug', () => {
    for (const q of ['list routes of a control plane', 'debug a slow api with analytics', 'session cookie plugin', 'tracer']) {
      expect(isTracingQuery(q), q).toBe(false);
    }
    expect(withTraceHint('list routes', 'text')).toBe('text');
  });
});
