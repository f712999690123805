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
import { withToolJsonSchemas } from './json-schemas.js';

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

/** Everything up to the first byte sent: find, police, route, validate, build. Throws a refusal with a reason. */
async function prepare(args: ExecuteArgs, deps: ToolDeps) {
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
  // Only GET lists are paged; other operations just have their list cut to maxItems.
  const pageUpTo = op.method === 'GET' ? args.maxItems : undefined;
  const query = pageUpTo ? withPageSize(input.query, spec.params, pageUpTo) : input.query;
  const build = (q: Record<string, unknown>): BuiltRequest => {
    const req = buildRequest(op, spec, { ...input, query: q }, { baseUrl, auth });
    assertAllowedUrl(req.url, allowed);
    return req;
  };
  return { spec, auth, query, build, pageUpTo, region: api.host.kind === 'regional' ? routeOpts.region : undefined };
}

/** maxItems, fields and the token budget, applied to a successful answer. */
function trimAnswer(shaped: ShapedResponse, args: ExecuteArgs, maxTokens: number): Record<string, unknown> {
  const notes: string[] = [];
  let body = shaped.body;
  if (shaped.ok && args.maxItems && !shaped.pagination) {
    const list = findList(body);
    if (list && list.items.length > args.maxItems) body = withList(body, list, list.items.slice(0, args.maxItems));
  }
  if (shaped.ok && args.fields) {
    const projected = projectFields(body, args.fields);
    body = projected.body;
    if (projected.missing.length > 0) notes.push(`no item has ${projected.missing.join(', ')}; check the names with get_schema (part "response:200")`);
  }
  const fitted = fitBudget(body, maxTokens);
  return { ...shaped, body: fitted.body, ...(fitted.truncated ? { truncated: fitted.truncated } : {}), ...(notes.length > 0 ? { notes } : {}) };
}

export async function runExecute(args: ExecuteArgs, deps: ToolDeps): Promise<{ out: Record<string, unknown>; ok: boolean }> {
  const call = await prepare(args, deps);
  const req = call.build(call.query);
  if (args.dryRun) return { ok: true, out: { ...dryRun(req, deps.config.token, `konnect-mcp/${deps.version}`) } };

  const send = deps.send;
  if ((call.auth && !deps.config.token) || !send) throw new MissingTokenError(deps.tokenSource);
  const fetchShaped = async (r: BuiltRequest): Promise<ShapedResponse> => shapeResponse(await send(r), { method: r.method, url: r.url, region: call.region });
  let shaped = await fetchShaped(req);
  if (call.pageUpTo) {
    let page = 1;
    const fetchPage = (q: Record<string, unknown>): Promise<ShapedResponse> => {
      page++;
      deps.log(`${args.operationId}: fetching page ${page} (up to ${call.pageUpTo} items)`); // progress goes to stderr
      return fetchShaped(call.build(q));
    };
    shaped = await collectPages(shaped, call.query, call.spec.params, call.pageUpTo, fetchPage);
  }
  // A redirect is an answer, not a failure: it comes back with its Location and a hint.
  return { ok: shaped.status < 400, out: trimAnswer(shaped, args, deps.config.maxResponseTokens) };
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
  server.registerTool(name, withToolJsonSchemas(name, config, deps.jsonSchemas), (args) => handle(args, deps));
}
