// dryRun: the exact request execute would send, token redacted, plus a curl line. Sends nothing.
import type { BuiltRequest } from './request.js';
import { isJsonMedia } from './spec.js';

export function redactedToken(token: string | undefined): string {
  const m = token ? /^(kpat|spat)_/.exec(token) : null;
  return m ? `${m[0]}…` : '<KONNECT_TOKEN>';
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function curlLine(method: string, url: string, headers: Record<string, string>, body: string | undefined): string {
  const parts = [`curl -X ${method} ${shellQuote(url)}`];
  for (const [k, v] of Object.entries(headers)) parts.push(`-H ${shellQuote(`${k}: ${v}`)}`);
  if (body !== undefined) parts.push(`--data ${shellQuote(body)}`);
  return parts.join(' ');
}

export interface DryRun {
  dryRun: true;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  curl: string;
}

export function dryRun(req: BuiltRequest, token: string | undefined, userAgent: string): DryRun {
  const headers: Record<string, string> = {
    ...(req.auth ? { Authorization: `Bearer ${redactedToken(token)}` } : {}),
    'User-Agent': userAgent,
    Accept: 'application/json',
    ...req.headers,
  };
  const out: DryRun = { dryRun: true, method: req.method, url: req.url, headers, curl: curlLine(req.method, req.url, headers, req.body) };
  if (req.body !== undefined) {
    out.body = isJsonMedia(req.headers['Content-Type'] ?? '') ? (JSON.parse(req.body) as unknown) : req.body;
  }
  return out;
}
