// The execute pipeline, shared by the execute tool, `konnect-mcp call` and doctor: find, police, route, validate,
// build, send, page, trim.
import type { OpenAPIV3 } from 'openapi-types';
import { followRef, rawOperation } from '../catalog/extract.js';
import type { Region } from '../config.js';
import type { ToolDeps } from '../deps.js';
import { KonnectMcpError, MissingTokenError, ToolInputError } from '../errors.js';
import { redactDeep } from '../redact.js';
import { dryRun } from './dry-run.js';
import { collectPages, DEFAULT_PAGE_SIZE, MAX_ITEMS, MAX_PAGES, mergedBody, withoutCursors, withPageSize, type Collected } from './paginate.js';
import { checkArgumentDepth } from './normalize.js';
import { buildRequest, checkHeaders, type BuiltRequest } from './request.js';
import { shapeResponse, type ShapedResponse } from './response.js';
import { callBinding, decodeResume, encodeResume, type ResumeState } from './resume.js';
import { checkPolicy, READ_MARK } from './safety.js';
import { checkSelect, runSelect } from './select.js';
import { findList, fitBudget, projectFields, withList } from './shrink.js';
import { operationSpec, type ParamSpec } from './spec.js';
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
  select?: string | undefined;
  resume?: string | undefined;
}

/** The largest page the operation accepts, from its size parameter's `maximum`. */
function maxPageSize(doc: OpenAPIV3.Document, params: ParamSpec[]): number | undefined {
  for (const p of params) {
    if (p.in !== 'query') continue;
    let schema = followRef<OpenAPIV3.SchemaObject>(doc, p.schema as OpenAPIV3.SchemaObject);
    if (p.name === 'page' && schema?.properties) schema = followRef<OpenAPIV3.SchemaObject>(doc, schema.properties.size);
    else if (p.name !== 'size' && p.name !== 'page[size]') continue;
    if (typeof schema?.maximum === 'number' && schema.maximum >= 1) return Math.floor(schema.maximum);
  }
  return undefined;
}

/** Everything up to the first byte sent: find, police, route, validate, build. Throws a refusal with a reason. */
async function prepare(args: CallArgs, deps: ToolDeps) {
  if (args.select !== undefined) checkSelect(args.select);
  for (const arg of ['query', 'body'] as const) checkArgumentDepth(arg, args[arg]);
  if (args.maxItems !== undefined && (!Number.isInteger(args.maxItems) || args.maxItems < 1 || args.maxItems > MAX_ITEMS)) {
    throw new ToolInputError(`maxItems must be a whole number from 1 to ${MAX_ITEMS}; for more, continue with pagination.resume.`);
  }
  const catalog = await deps.catalog();
  const op = catalog.find(args.operationId, args.api);
  const api = catalog.api(op);
  const doc = await catalog.spec(api);
  const spec = operationSpec(doc, op);
  const markedRead = (rawOperation(doc, op)?.raw as Record<string, unknown> | undefined)?.[READ_MARK] === true;
  let refusal: string | undefined;
  try {
    checkPolicy(op, spec.successStatuses, deps.config, { source: api.source, markedRead });
  } catch (err) {
    // A dry run sends nothing, so a read-only refusal only marks the preview.
    if (!(args.dryRun && err instanceof KonnectMcpError && err.code === 'READ_ONLY')) throw err;
    refusal = `would be refused: read-only. ${err.message}`;
  }
  const paged = op.method === 'GET';
  let start: ResumeState = { skip: 0 };
  const binding = callBinding(op.apiKey, op.operationId, args.pathParams, args.query);
  if (args.resume !== undefined) {
    if (!paged) throw new ToolInputError(`resume only continues lists, and ${op.operationId} is a ${op.method}. Leave resume out.`, 'INVALID_RESUME');
    start = decodeResume(args.resume, binding);
  }

  const routeOpts: RouteOptions = { region: args.region ?? deps.config.region, callBaseUrl: args.baseUrl, overrideBaseUrl: deps.config.baseUrl };
  const { baseUrl, auth } = route(api, routeOpts);
  const allowed = allowedOrigins(api, routeOpts);
  checkHeaders(op.operationId, spec, args.headers ?? {}); // header safety first: it outranks schema problems
  const input = await validateCall({ doc, spec, key: `${op.apiKey}#${op.method} ${op.path}`, operationId: op.operationId }, args);
  // Only GET lists are paged; other operations just have their list cut to maxItems.
  // A resume keeps the page size of the call it continues (none: the API's default), so its skip count holds.
  const wanted = args.resume !== undefined ? (start.size ?? 0) : (args.maxItems ?? (args.select !== undefined ? MAX_ITEMS : 0));
  const sized = paged && wanted > 0 ? withPageSize(input.query, spec.params, wanted, maxPageSize(doc, spec.params)) : { query: input.query };
  const build = (q: Record<string, unknown>): BuiltRequest => {
    const req = buildRequest(op, spec, { ...input, query: q }, { baseUrl, auth });
    assertAllowedUrl(req.url, allowed);
    return req;
  };
  return { spec, auth, allowed, paged, start, binding, refusal, query: sized.query, size: sized.size, build, region: api.host.kind === 'regional' ? routeOpts.region : undefined };
}

type Prepared = Awaited<ReturnType<typeof prepare>>;

/** maxItems, fields, select and the token budget, applied to a successful answer; `pagination.resume` where items remain. */
async function trimAnswer(collected: Collected, call: Prepared, args: CallArgs, maxTokens: number): Promise<Record<string, unknown>> {
  const { shaped } = collected;
  const notes: string[] = [];
  const list = shaped.ok ? collected.list : undefined;
  // A paged answer (maxItems, resume or select) is the merged list without the body's own cursors.
  const paged = call.paged && list !== undefined;
  const merged = paged && (args.maxItems !== undefined || args.resume !== undefined || args.select !== undefined);
  let body = merged ? mergedBody(collected, list.items) : list ? withList(shaped.body, list.ref, list.items) : shaped.body;
  if (shaped.ok && args.fields) {
    const projected = projectFields(body, args.fields);
    body = projected.body;
    if (projected.missing.length > 0) notes.push(`no item has ${projected.missing.join(', ')}; check the names with get_schema (part "response:200")`);
  }
  if (shaped.ok && args.select !== undefined) {
    const found = list ? findList(body) : undefined;
    body = await runSelect(args.select, found ? found.items : body);
  }
  const fitted = fitBudget(body, maxTokens);
  let returned = list?.items.length ?? 0;
  // A cut list is continued from the first item left out.
  const cut = paged && args.select === undefined && fitted.truncated !== undefined && fitted.truncated.total === returned && fitted.truncated.returned < returned;
  if (cut) returned = fitted.truncated!.returned;
  let pagination: Record<string, unknown> | undefined;
  if (paged && (merged || cut)) {
    const at = collected.positionOf(returned);
    const more = cut ? true : collected.more;
    pagination = {
      pages: collected.pages,
      items: returned,
      more: more === true && !at ? 'unknown' : more,
      ...(at && more === true ? { resume: encodeResume(call.binding, { ...at, size: call.size }) } : {}),
      ...(collected.stoppedBy ? { stoppedBy: collected.stoppedBy } : {}),
      ...(collected.hint ? { hint: collected.hint } : {}),
    };
  }
  return {
    ...shaped,
    body: cut && !merged ? withoutCursors(fitted.body) : fitted.body,
    ...(fitted.truncated ? { truncated: fitted.truncated } : {}),
    ...(pagination ? { pagination } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** `signal` aborts the exchange (the MCP request was cancelled). */
export async function runCall(args: CallArgs, deps: ToolDeps, signal?: AbortSignal): Promise<{ out: Record<string, unknown>; ok: boolean }> {
  const call = await prepare(args, deps);
  const first = call.build(call.query);
  if (args.dryRun) {
    const preview = dryRun(first, deps.config.token, `konnect-mcp/${deps.version}`);
    return { ok: true, out: { ...preview, ...(call.refusal ? { refused: call.refusal } : {}) } };
  }

  const send = deps.send;
  if ((call.auth && !deps.config.token) || !send) throw new MissingTokenError(deps.tokenSource);
  // Each page is redacted as it arrives, before anything is merged or cut: a cut inside an echoed token would leave most of it.
  const fetchShaped = async (r: BuiltRequest): Promise<ShapedResponse> =>
    redactDeep(await shapeResponse(await send(r, { signal, allowed: call.allowed }), { method: r.method, url: r.url, region: call.region }), deps.config.token);
  const resumed = args.resume !== undefined;
  // select reads every page (up to MAX_ITEMS) unless maxItems says otherwise; a resume without maxItems continues
  // by one page, as a first call without it answers one.
  const pageAll = args.maxItems !== undefined || args.select !== undefined;
  const maxItems = args.maxItems ?? (args.select !== undefined ? MAX_ITEMS : resumed ? (call.size ?? DEFAULT_PAGE_SIZE) : Number.MAX_SAFE_INTEGER);
  const collected = await collectPages({
    query: call.query,
    params: call.spec.params,
    size: call.size,
    start: call.start,
    maxItems,
    maxPages: call.paged && (pageAll || resumed) ? MAX_PAGES : 1,
    fetchPage: (q, page, soFar) => {
      if (page > 1) deps.log(`${args.operationId}: fetching page ${page} (${soFar} items so far, up to ${maxItems})`); // progress goes to stderr
      return page === 1 && q === call.query ? fetchShaped(first) : fetchShaped(call.build(q));
    },
  });
  // A redirect is an answer, not a failure: it comes back with its Location and a hint.
  return { ok: collected.shaped.status < 400, out: await trimAnswer(collected, call, args, deps.config.maxResponseTokens) };
}
