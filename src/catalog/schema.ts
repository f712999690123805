// Resolves an operation's parameters, body and responses into compact, $ref-free JSON for get_schema.
import type { OpenAPIV3 } from 'openapi-types';
import { ToolInputError } from '../errors.js';
import { operationParameters, resolvePointer, stripMarkdown } from './extract.js';
import type { Operation } from './types.js';

export const DEFAULT_DEPTH = 6;
const MAX_ENUM = 12;
const DROP = new Set(['example', 'examples', 'externalDocs', 'xml', 'title']);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Mode = 'request' | 'response';

interface Ctx {
  doc: OpenAPIV3.Document;
  stack: string[];
  depth: number;
  maxDepth: number;
  /** Part path of the current node, for `$more` pointers. */
  at: string;
  mode: Mode;
}

export function firstSentence(text: string | undefined, max = 160): string | undefined {
  const plain = stripMarkdown(text);
  if (!plain) return undefined;
  const m = /^(.+?[.!?])(\s|$)/.exec(plain);
  const s = m?.[1] ?? plain;
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function refName(ref: string): string {
  return ref.split('/').pop() ?? ref;
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Resolves one schema node; true cycles become { $cycle }, deep nodes { $more }. */
export function renderSchema(node: unknown, ctx: Ctx): Json {
  if (!isObj(node)) return node as Json;
  if (typeof node.$ref === 'string') {
    const ref = node.$ref;
    if (ctx.stack.includes(ref)) return { $cycle: refName(ref) };
    const target = resolvePointer(ctx.doc, ref);
    if (target === undefined) return { $unresolved: ref };
    return renderSchema(target, { ...ctx, stack: [...ctx.stack, ref] });
  }
  const hasChildren = isObj(node.properties) || node.items !== undefined || Array.isArray(node.allOf) || Array.isArray(node.oneOf) || Array.isArray(node.anyOf);
  if (hasChildren && ctx.depth >= ctx.maxDepth) return { $more: ctx.at };

  if (Array.isArray(node.allOf) && node.allOf.length > 0) {
    const merged = mergeAllOf(node, ctx);
    if (merged) return merged;
  }
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(node)) {
    if (DROP.has(k) || k.startsWith('x-')) continue;
    if (k === 'description') {
      const d = firstSentence(v as string);
      if (d) out.description = d;
    } else if (k === 'properties' && isObj(v)) {
      const props: Record<string, Json> = {};
      for (const [name, sub] of Object.entries(v)) {
        const resolved = resolveShallow(ctx.doc, sub);
        if (ctx.mode === 'request' && resolved?.readOnly === true) continue;
        if (ctx.mode === 'response' && resolved?.writeOnly === true) continue;
        props[name] = renderSchema(sub, { ...ctx, depth: ctx.depth + 1, at: `${ctx.at}.${name}` });
      }
      out.properties = props;
    } else if (k === 'items') {
      out.items = renderSchema(v, { ...ctx, depth: ctx.depth + 1, at: ctx.at });
    } else if ((k === 'oneOf' || k === 'anyOf' || k === 'allOf') && Array.isArray(v)) {
      out[k] = v.map((s) => renderSchema(s, { ...ctx, depth: ctx.depth + 1 }));
    } else if (k === 'additionalProperties' && isObj(v)) {
      out.additionalProperties = renderSchema(v, { ...ctx, depth: ctx.depth + 1 });
    } else if (k === 'enum' && Array.isArray(v) && v.length > MAX_ENUM) {
      out.enum = [...(v.slice(0, MAX_ENUM - 2) as Json[]), `+${v.length - (MAX_ENUM - 2)} more`];
    } else if (k === 'readOnly' || k === 'writeOnly') {
      continue;
    } else {
      out[k] = v as Json;
    }
  }
  return out;
}

function resolveShallow(doc: OpenAPIV3.Document, node: unknown): Record<string, unknown> | undefined {
  let cur = node;
  for (let i = 0; i < 10 && isObj(cur) && typeof cur.$ref === 'string'; i++) cur = resolvePointer(doc, cur.$ref);
  return isObj(cur) ? cur : undefined;
}

/** Merges allOf members that are plain objects; returns undefined when they cannot be merged. */
function mergeAllOf(node: Record<string, unknown>, ctx: Ctx): Json | undefined {
  const parts = [...(node.allOf as unknown[])].map((s) => renderSchema(s, ctx));
  const { allOf: _ignored, ...rest } = node;
  parts.push(renderSchema(rest, ctx));
  const merged: Record<string, Json> = {};
  const props: Record<string, Json> = {};
  const required = new Set<string>();
  for (const p of parts) {
    if (!isObj(p)) return undefined;
    if ('oneOf' in p || 'anyOf' in p || '$cycle' in p || '$more' in p) return undefined;
    for (const [k, v] of Object.entries(p)) {
      if (k === 'properties' && isObj(v)) Object.assign(props, v);
      else if (k === 'required' && Array.isArray(v)) v.forEach((r) => required.add(String(r)));
      else merged[k] = v;
    }
  }
  if (Object.keys(props).length > 0) merged.properties = props;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

export interface ParamView {
  name: string;
  in: string;
  required: boolean;
  schema: Json;
  description?: string;
  style?: string;
  explode?: boolean;
}

export interface OperationSchema {
  parameters: { path: ParamView[]; query: ParamView[]; header: ParamView[] };
  requestBody?: { required: boolean; contentType: string; schema: Json };
  responses: Record<string, { description?: string; schema?: Json }>;
  security: string[];
}

function jsonMedia(content: Record<string, OpenAPIV3.MediaTypeObject> | undefined): [string, OpenAPIV3.MediaTypeObject] | undefined {
  if (!content) return undefined;
  const entries = Object.entries(content);
  return entries.find(([t]) => t.includes('json')) ?? entries[0];
}

export function describeOperation(doc: OpenAPIV3.Document, op: Operation, maxDepth = DEFAULT_DEPTH): OperationSchema {
  const item = resolveShallow(doc, doc.paths?.[op.path]) as OpenAPIV3.PathItemObject | undefined;
  const raw = item?.[op.method.toLowerCase() as 'get'];
  if (!item || !raw) throw new ToolInputError(`operation ${op.operationId} is missing from its spec; rebuild the catalog`);
  const base = { doc, stack: [], depth: 0, maxDepth };
  const parameters: OperationSchema['parameters'] = { path: [], query: [], header: [] };
  for (const p of operationParameters(doc, item, raw)) {
    if (p.in !== 'path' && p.in !== 'query' && p.in !== 'header') continue;
    const view: ParamView = {
      name: p.name,
      in: p.in,
      required: p.required === true,
      schema: renderSchema(p.schema ?? {}, { ...base, at: `parameters.${p.name}`, mode: 'request' }),
    };
    const d = firstSentence(p.description);
    if (d) view.description = d;
    if (p.style) view.style = p.style;
    if (p.explode !== undefined) view.explode = p.explode;
    parameters[p.in].push(view);
  }
  const out: OperationSchema = { parameters, responses: {}, security: [] };
  const body = resolveShallow(doc, raw.requestBody) as OpenAPIV3.RequestBodyObject | undefined;
  const media = jsonMedia(body?.content);
  if (body && media) {
    out.requestBody = {
      required: body.required === true,
      contentType: media[0],
      schema: renderSchema(media[1].schema ?? {}, { ...base, at: 'requestBody', mode: 'request' }),
    };
  }
  for (const [status, r] of Object.entries(raw.responses ?? {})) {
    const res = resolveShallow(doc, r) as OpenAPIV3.ResponseObject | undefined;
    const m = jsonMedia(res?.content);
    const view: { description?: string; schema?: Json } = {};
    const d = firstSentence(res?.description);
    if (d) view.description = d;
    if (m?.[1].schema && status.startsWith('2')) {
      view.schema = renderSchema(m[1].schema, { ...base, at: `response:${status}`, mode: 'response' });
    }
    out.responses[status] = view;
  }
  const security = raw.security ?? doc.security ?? [];
  out.security = [...new Set(security.flatMap((s) => Object.keys(s)))];
  return out;
}
