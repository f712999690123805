import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { REGIONS } from '../config.js';
import { MissingTokenError } from '../errors.js';
import { dryRun } from '../http/dry-run.js';
import { collectPages, withPageSize } from '../http/paginate.js';
import { buildRequest, checkHeaders, type BuiltRequest } from '../http/request.js';
import { shapeResponse, type ShapedResponse } from '../http/response.js';
import { checkPolicy } from '../http/safety.js';
import { findList, fitBudget, projectFields, withList } from '../http/shrink.js';
import { operationSpec } from '../http/spec.js';
import { allowedOrigins, assertAllowedUrl, route, type RouteOptions } from '../http/url.js';
import { validateCall } from '../http/validate.js';
import type { ToolDeps } from './context.js';
import { failure, success, type ToolResult } from './result.js';

export const name = 'execute';

export const inputSchema = z.object({
  operationId: z.string().min(1).describe('operationId from search'),
  api: z.string().optional().describe('api slug, when the operationId is not unique'),
  pathParams: z.record(z.string(), z.union([z.string(), z.number()])).optional().describe('Path parameters by name'),
  query: z.record(z.string(), z.unknown()).optional().describe('Query parameters; objects become filter[a][b]=x'),
  headers: z.record(z.string(), z.string()).optional().describe('Extra headers the operation declares'),
  body: z.unknown().optional().describe('JSON request body'),
  region: z.enum(REGIONS).optional().describe('Region for this call'),
  baseUrl: z.string().optional().describe("Dev-portal APIs only: the portal's origin"),
  dryRun: z.boolean().optional().describe('Return the request (token redacted) and a curl line; send nothing'),
  maxItems: z.number().int().min(1).max(1000).optional().describe('Follow pagination of a list up to this many items'),
  fields: z.array(z.string()).min(1).optional().describe('Keep only these dot paths of each list item, e.g. ["id","name"]'),
});

export const outputSchema = z
  .object({
    method: z.string(),
    url: z.string(),
    status: z.number().optional(),
    ok: z.boolean().optional(),
    body: z.unknown().optional(),
  })
  .passthrough();

export const config = {
  title: 'Execute a Konnect operation',
  description:
    'Call one Konnect operation by operationId with pathParams, query and body, validated first. ' +
    'dryRun previews; maxItems pages through lists; fields trims them. Writes are refused in read-only mode.',
  inputSchema,
  outputSchema,
  annotations: { title: 'Execute a Konnect operation', readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
};

export type ExecuteArgs = z.input<typeof inputSchema>;

export async function runExecute(args: ExecuteArgs, deps: ToolDeps): Promise<{ out: Record<string, unknown>; ok: boolean }> {
  const catalog = await deps.catalog();
  const op = catalog.find(args.operationId, args.api);
  const api = catalog.api(op);
  const doc = await catalog.spec(api);
  const spec = operationSpec(doc, op);
  checkPolicy(op, spec.successStatuses, deps.config);

  const routeOpts: RouteOptions = { region: args.region ?? deps.config.region, callBaseUrl: args.baseUrl, overrideBaseUrl: deps.config.baseUrl };
  const { baseUrl, auth } = route(api, routeOpts);
  const allowed = allowedOrigins(api, routeOpts);
  checkHeaders(op.operationId, spec, args.headers ?? {}); // header safety first: it outranks schema problems
  const input = await validateCall({ doc, spec, key: `${op.apiKey}#${op.method} ${op.path}`, operationId: op.operationId }, args);
  const paginate = args.maxItems !== undefined && op.method === 'GET';
  const query = paginate && args.maxItems ? withPageSize(input.query, spec.params, args.maxItems) : input.query;
  const build = (q: Record<string, unknown>): BuiltRequest => {
    const req = buildRequest(op, spec, { ...input, query: q }, { baseUrl, auth });
    assertAllowedUrl(req.url, allowed);
    return req;
  };
  const req = build(query);
  const userAgent = `konnect-mcp/${deps.version}`;
  if (args.dryRun) return { ok: true, out: { ...dryRun(req, deps.config.token, userAgent) } };

  const send = deps.send;
  if ((auth && !deps.config.token) || !send) throw new MissingTokenError();
  const region = api.host.kind === 'regional' ? routeOpts.region : undefined;
  const fetchShaped = async (r: BuiltRequest): Promise<ShapedResponse> => shapeResponse(await send(r), { method: r.method, url: r.url, region });

  let shaped = await fetchShaped(req);
  const notes: string[] = [];
  if (paginate && args.maxItems) {
    shaped = await collectPages(shaped, query, spec.params, args.maxItems, (q) => fetchShaped(build(q)));
  } else if (args.maxItems && shaped.ok) {
    const list = findList(shaped.body);
    if (list && list.items.length > args.maxItems) shaped = { ...shaped, body: withList(shaped.body, list, list.items.slice(0, args.maxItems)) };
  }
  if (args.fields && shaped.ok) {
    const projected = projectFields(shaped.body, args.fields);
    shaped = { ...shaped, body: projected.body };
    if (projected.missing.length > 0) notes.push(`no item has ${projected.missing.join(', ')}; check the names with get_schema (part "response:200")`);
  }
  const fitted = fitBudget(shaped.body, deps.config.maxResponseTokens);
  shaped = { ...shaped, body: fitted.body, ...(fitted.truncated ? { truncated: fitted.truncated } : {}) };
  // A redirect is an answer, not a failure: it comes back with its Location and a hint.
  return { ok: shaped.status < 400, out: { ...shaped, ...(notes.length > 0 ? { notes } : {}) } };
}

export async function handle(args: ExecuteArgs, deps: ToolDeps): Promise<ToolResult> {
  const token = deps.config.token;
  try {
    const { out, ok } = await runExecute(args, deps);
    const result = success(out, JSON.stringify(out), token);
    return ok ? result : { ...result, isError: true };
  } catch (err) {
    return failure(err, token);
  }
}

export function register(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, (args) => handle(args, deps));
}
