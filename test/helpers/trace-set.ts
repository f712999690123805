// A deterministic set of 50 traces for the multi-trace tests: time to first byte and body time vary, 5 answer 502.
import { traceDocument, traceIdOf, zip, type Step } from './traces.js';

export interface SetTrace {
  traceId: string;
  requestId: string;
  ttfb: number;
  body: number;
  total: number;
  status: number;
}

export const SET_SIZE = 50;

export function traceSet(): SetTrace[] {
  return Array.from({ length: SET_SIZE }, (_, i) => {
    const ttfb = 20 + ((i * 37) % 50) * 6;
    const body = 1 + (i % 7);
    return { traceId: traceIdOf(100 + i), requestId: `req-${i}`, ttfb, body, total: 5 + ttfb + body, status: i % 10 === 3 ? 502 : 200 };
  });
}

function steps(t: SetTrace): Step[] {
  return [
    { name: 'kong.read_client_http_headers', ms: 1 },
    { name: 'kong.phase.access', ms: 2, children: [{ name: 'kong.router', ms: 0.5 }] },
    { name: 'kong.upstream.selection', ms: 1, children: [{ name: 'kong.find_upstream', ms: 1, attrs: { 'network.peer.address': '10.0.3.7', 'network.peer.port': 8080 } }] },
    { name: 'kong.send_request_to_upstream', ms: 0.5 },
    { name: 'kong.read_headers_from_upstream', ms: t.ttfb },
    { name: 'kong.read_body_from_upstream', ms: t.body },
    { name: 'kong.wait_for_client_read', ms: 0.5 },
  ];
}

/** The set as a Debugger download: one OTLP/JSON file per trace, plus a file that is not JSON. */
export function traceSetZip(): Buffer {
  const entries = traceSet().map((t, i) => ({
    name: `traces/trace-${String(i).padStart(2, '0')}.json`,
    data: JSON.stringify(traceDocument(100 + i, { 'proxy.kong.request.id': t.requestId, 'http.response.status_code': t.status, 'proxy.kong.upstream.status_code': t.status }, steps(t), 'otlp')),
  }));
  return zip([...entries, { name: 'README.txt', data: 'exported traces' }]);
}
