// The execute pipeline, shared by the execute tool, `konnect-mcp call` and doctor: find, police, route, validate,
// build, send, page, trim.
import type { Region } from '../config.js';
import type { ToolDeps } from '../deps.js';
import { MissingTokenError } from '../errors.js';
import { redactDeep } from '../redact.js';
import { dryRun } from './dry-run.js';
import { collectPages, withPageSize } from './paginate.js';
import { buildRequest, checkHeaders, type BuiltRequest } from './request.js';
import { shapeResponse, type ShapedResponse } from './response.js';
import { checkPolicy, READ_MARK } from './safety.js';
import { findList, fitBudget, projectFields, withList } from './shrink.js';
import { operationSpec, rawOperation } from './spec.js';
import { allowedOrigins, assertAllowedUrl, route, type RouteOptions } from './url.js';
import { validateCall } from './validate.js';

/** The arguments of one call, as the execute tool takes them. */
export interface CallArgs {
  operationId: string;
  api?: string | undefined;
  pathParams?: Record<string, string | number> | undefined;
  query?: Record<string, unknown> | undefined;
  headers?: Record<string, string> | undefined;
  body?: unknown;
  region?: Region | undefined;
  baseUrl?: string | undefined;
  dryRun?: boolean | undefined;
  maxItems?: number | undefined;
  fields?: string[] | undefined;
}


/** Everything up to the first byte sent: find, police, route, validate, build. Throws a refusal with a reason. */
async function prepare(args: CallArgs, deps: ToolDeps) {
  const catalog = await deps.catalog();
  const op = catalog.find(args.operationId, args.api);
  const api = catalog.api(op);
  const doc = await catalog.spec(api);
  const spec = operationSpec(doc, op);
  const markedRead = (rawOperation(doc, op)?.raw as Record<string, unknown> | undefined)?.[READ_MARK] === true;
  checkPolicy(op, spec.successStatuses, deps.config, { source: api.source, markedRead });

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
  return { spec, auth, allowed, query, build, pageUpTo, region: api.host.kind === 'regional' ? routeOpts.region : undefined };
}

/** maxItems, fields and the token budget, applied to a successful answer. */
function trimAnswer(shaped: ShapedResponse, args: CallArgs, maxTokens: number): Record<string, unknown> {
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

/** `signal` aborts the exchange (the MCP request was cancelled). */
export async function runCall(args: CallArgs, deps: ToolDeps, signal?: AbortSignal): Promise<{ out: Record<string, unknown>; ok: boolean }> {
  const call = await prepare(args, deps);
  const req = call.build(call.query);
  if (args.dryRun) return { ok: true, out: { ...dryRun(req, deps.config.token, `konnect-mcp/${deps.version}`) } };

  const send = deps.send;
  if ((call.auth && !deps.config.token) || !send) throw new MissingTokenError();
  const fetchShaped = async (r: BuiltRequest): Promise<ShapedResponse> => shapeResponse(await send(r, { signal, allowed: call.allowed }), { method: r.method, url: r.url, region: call.region });
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
  // Redacted before it is cut: a cut inside an echoed token would leave most of it.
  shaped = redactDeep(shaped, deps.config.token);
  // A redirect is an answer, not a failure: it comes back with its Location and a hint.
  return { ok: shaped.status < 400, out: trimAnswer(shaped, args, deps.config.maxResponseTokens) };
}

