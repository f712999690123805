import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { operationParameters } from '../catalog/extract.js';
import { REGIONS } from '../config.js';
import { MissingTokenError } from '../errors.js';
import { buildRequest, type ParamSpec } from '../http/request.js';
import { shapeResponse } from '../http/response.js';
import { checkPolicy } from '../http/safety.js';
import { apiBaseUrl } from '../http/url.js';
import type { ToolDeps } from './context.js';
import { failure, redact, success, type ToolResult } from './result.js';

export const name = 'execute';

export const inputSchema = z.object({
  operationId: z.string().min(1).describe('operationId from search'),
  api: z.string().optional().describe('api slug, when the operationId is not unique'),
  pathParams: z.record(z.string(), z.union([z.string(), z.number()])).optional().describe('Path parameters by name'),
  query: z.record(z.string(), z.unknown()).optional().describe('Query parameters; nested objects become filter[a][b]=x'),
  headers: z.record(z.string(), z.string()).optional().describe('Extra headers the operation declares'),
  body: z.unknown().optional().describe('JSON request body'),
  region: z.enum(REGIONS).optional().describe('Region for this call (default from config)'),
  baseUrl: z.string().optional().describe('Origin for dev-portal APIs, e.g. https://portal.example.com'),
  dryRun: z.boolean().optional().describe('Return the exact request (token redacted) without sending it'),
});

export const outputSchema = z
  .object({
    method: z.string(),
    url: z.string(),
    status: z.number().optional(),
    ok: z.boolean().optional(),
    dryRun: z.boolean().optional(),
  })
  .passthrough();

export const config = {
  title: 'Execute a Konnect operation',
  description:
    'Call one Konnect operation by operationId with path params, query and body, after validating them. ' +
    'Use dryRun to preview. Writes are refused in read-only mode.',
  inputSchema,
  outputSchema,
  annotations: { title: 'Execute a Konnect operation', readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
};

export type ExecuteArgs = z.input<typeof inputSchema>;

export function redactedToken(token: string | undefined): string {
  if (!token) return '<token>';
  const m = /^(kpat|spat)_/.exec(token);
  return m ? `${m[0]}…` : '…';
}

function curlLine(method: string, url: string, headers: Record<string, string>, body: string | undefined): string {
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const parts = [`curl -X ${method} ${q(url)}`];
  for (const [k, v] of Object.entries(headers)) parts.push(`-H ${q(`${k}: ${v}`)}`);
  if (body !== undefined) parts.push(`--data ${q(body)}`);
  return parts.join(' ');
}

export async function runExecute(args: ExecuteArgs, deps: ToolDeps): Promise<{ out: Record<string, unknown>; ok: boolean }> {
  const catalog = await deps.catalog();
  const op = catalog.find(args.operationId, args.api);
  const api = catalog.api(op);
  checkPolicy(op, deps.config);
  const doc = await catalog.spec(api);
  const item = doc.paths?.[op.path];
  const raw = item?.[op.method.toLowerCase() as 'get'];
  const params: ParamSpec[] = item && raw ? operationParameters(doc, item, raw).map((p) => ({ name: p.name, in: p.in as ParamSpec['in'], required: p.required === true, style: p.style, explode: p.explode })) : [];
  const base = apiBaseUrl(api, { region: args.region ?? deps.config.region, callBaseUrl: args.baseUrl, overrideBaseUrl: deps.config.baseUrl });
  const req = buildRequest(op, params, base, args);
  if (args.dryRun) {
    const headers = {
      Authorization: `Bearer ${redactedToken(deps.config.token)}`,
      'User-Agent': `konnect-mcp/${deps.version}`,
      Accept: 'application/json',
      ...req.headers,
    };
    return { ok: true, out: { dryRun: true, method: req.method, url: req.url, headers, ...(req.body !== undefined ? { body: JSON.parse(req.body) as unknown } : {}), curl: curlLine(req.method, req.url, headers, req.body) } };
  }
  if (!deps.send) throw new MissingTokenError();
  const rawRes = await deps.send(req);
  const shaped = shapeResponse(req.method, req.url, rawRes);
  return { ok: shaped.ok, out: { ...shaped } };
}

export async function handle(args: ExecuteArgs, deps: ToolDeps): Promise<ToolResult> {
  const token = deps.config.token;
  try {
    const { out, ok } = await runExecute(args, deps);
    const text = JSON.stringify(out, null, 1);
    if (!ok) return { ...success(out, text, token), isError: true };
    return success(out, text, token);
  } catch (err) {
    return failure(err, token);
  }
}

export function register(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, (args) => handle(args, deps));
}

export { redact };
