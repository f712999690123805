// What one operation takes and returns, as compact $ref-free JSON for get_schema: the whole
// operation by default, or one part of it (parameters, requestBody[.path], responses, response:<status>[.path]).
import type { OpenAPIV3 } from 'openapi-types';
import { ToolInputError } from '../errors.js';
import { operationParameters, rawOperation } from '../catalog/extract.js';
import { BUDGET, fit, type SchemaOptions, type Section } from './fit.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import { resolveMerged } from './flatten.js';
import { isReadOperation } from '../http/safety.js';
import { navigate } from './navigate.js';
import { queryNotes } from './notes.js';
import { paramSchema, paramView, wireForm, type ParamView } from './params.js';
import type { Mode } from './render.js';
import { describeResponse, describeResponses, jsonMedia, responseSchema } from './responses.js';
import type { Operation } from '../catalog/types.js';

export { DEFAULT_DEPTH, type SchemaOptions } from './fit.js';

type Doc = OpenAPIV3.Document;

export interface OperationSchema {
  /** Query bodies only: how to write what the schema alone makes easy to get wrong. */
  notes?: string[];
  parameters: { path: ParamView[]; query: ParamView[]; header: ParamView[] };
  requestBody?: BodyView;
  responses: Record<string, Json>;
  security: string[];
}

interface BodyView {
  required: boolean;
  contentType: string;
  schema: Json;
  examples?: Json;
}

function operationObject(doc: Doc, op: Operation): { item: OpenAPIV3.PathItemObject; raw: OpenAPIV3.OperationObject } {
  const found = rawOperation(doc, op);
  if (!found) throw new ToolInputError(`operation ${op.operationId} is missing from its spec; rebuild the catalog (npm run build)`);
  return found;
}

function mediaExamples(doc: Doc, media: OpenAPIV3.MediaTypeObject): Json | undefined {
  if (media.example !== undefined) return media.example as Json;
  if (!media.examples) return undefined;
  const out: JsonObject = {};
  for (const [name, ex] of Object.entries(media.examples)) {
    const e = resolveMerged<OpenAPIV3.ExampleObject>(doc, ex);
    if (e?.value !== undefined) out[name] = e.value as Json;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function describeParam(doc: Doc, p: OpenAPIV3.ParameterObject, opts: SchemaOptions, exact: boolean): ParamView {
  const at = `parameters.${p.name}`;
  const schema = paramSchema(p);
  if (p.style === 'deepObject' && !exact) {
    const { keys, more } = wireForm(doc, p.name, schema);
    if (more > 0) keys['…'] = `+${more} more: ask for part "${at}"`;
    return paramView(p, { $more: at }, keys);
  }
  const sec: Section = { doc, opts, mode: 'request', chars: BUDGET.part, exact };
  const view = paramView(p, fit(sec, schema, at), undefined);
  if (p.style === 'deepObject') view.wire = wireForm(doc, p.name, schema).keys;
  return view;
}

function describeParameters(doc: Doc, params: OpenAPIV3.ParameterObject[], opts: SchemaOptions): OperationSchema['parameters'] {
  const out: OperationSchema['parameters'] = { path: [], query: [], header: [] };
  for (const p of params) {
    if (p.in === 'path' || p.in === 'query' || p.in === 'header') out[p.in].push(describeParam(doc, p, opts, false));
  }
  return out;
}

function bodyMedia(doc: Doc, raw: OpenAPIV3.OperationObject): { body: OpenAPIV3.RequestBodyObject; media: [string, OpenAPIV3.MediaTypeObject] } | undefined {
  const body = resolveMerged<OpenAPIV3.RequestBodyObject>(doc, raw.requestBody);
  const media = jsonMedia(body?.content);
  return body && media ? { body, media } : undefined;
}

/** A POST that only reads (a query): its body's enums are the query's vocabulary. */
function isQuery(op: Operation, raw: OpenAPIV3.OperationObject): boolean {
  return op.method === 'POST' && isReadOperation(op, Object.keys(raw.responses ?? {}).filter((s) => /^2/.test(s)));
}

function describeBody(doc: Doc, op: Operation, raw: OpenAPIV3.OperationObject, opts: SchemaOptions, chars: number): BodyView | undefined {
  const found = bodyMedia(doc, raw);
  if (!found) return undefined;
  const { body, media } = found;
  const sec: Section = { doc, opts, mode: 'request', chars, exact: false, vocabulary: isQuery(op, raw) };
  const view: BodyView = { required: body.required === true, contentType: media[0], schema: fit(sec, media[1].schema ?? {}, 'requestBody') };
  const examples = opts.examples ? mediaExamples(doc, media[1]) : undefined;
  if (examples !== undefined) view.examples = examples;
  return view;
}

/** Notes on a query body (see notes.ts); [] for every other operation. */
function operationNotes(doc: Doc, op: Operation, raw: OpenAPIV3.OperationObject): string[] {
  const found = bodyMedia(doc, raw);
  return found && isQuery(op, raw) ? queryNotes(doc, found.media[1].schema ?? {}) : [];
}

/** The notes of an operation, for prompts that give the same facts. */
export function notesOf(doc: Doc, op: Operation): string[] {
  return operationNotes(doc, op, operationObject(doc, op).raw);
}

export function describeOperation(doc: Doc, op: Operation, opts: SchemaOptions = {}): OperationSchema {
  const { item, raw } = operationObject(doc, op);
  const parameters = describeParameters(doc, operationParameters(doc, item, raw), opts);
  const body = describeBody(doc, op, raw, opts, BUDGET.body);
  const responses = describeResponses(doc, raw, bodyMedia(doc, raw)?.media[1].schema, opts, BUDGET.response);
  const security = [...new Set((raw.security ?? doc.security ?? []).flatMap((s) => Object.keys(s)))];
  const notes = operationNotes(doc, op, raw);
  return { ...(notes.length > 0 ? { notes } : {}), parameters, ...(body ? { requestBody: body } : {}), responses, security };
}

const PART_FORMS = 'parameters, parameters.<name>, requestBody, requestBody.<field path>, responses, response:<status> or response:<status>.<field path>';

/** Renders the node(s) a dot path leads to inside `root`. */
function describePath(doc: Doc, root: unknown, base: string, rest: string[], mode: Mode, opts: SchemaOptions, vocabulary = false): Json {
  const part = [base, ...rest].join('.');
  const { nodes, available } = navigate(doc, root, rest);
  if (nodes.length === 0) {
    const names = available.length > 0 ? ` Fields there: ${available.slice(0, 30).join(', ')}.` : '';
    throw new ToolInputError(`no field at "${part}".${names} Ask for a shorter part to see what is available.`);
  }
  const sec: Section = { doc, opts, mode, chars: BUDGET.part, exact: true, vocabulary };
  if (nodes.length === 1) return fit(sec, nodes[0], part);
  // The path exists in several union variants: show each.
  return { oneOf: nodes.map((n) => fit(sec, n, part)) };
}

export function describePart(doc: Doc, op: Operation, part: string, opts: SchemaOptions = {}): Json {
  const { item, raw } = operationObject(doc, op);
  const [head = '', ...rest] = part.split('.');
  if (head === 'parameters') {
    const params = operationParameters(doc, item, raw);
    if (rest.length === 0) return describeParameters(doc, params, opts) as unknown as Json;
    // Parameter names may themselves contain dots; the longest matching prefix wins.
    for (let n = rest.length; n > 0; n--) {
      const name = rest.slice(0, n).join('.');
      const p = params.find((x) => x.name === name);
      if (!p) continue;
      if (n === rest.length) return describeParam(doc, p, opts, true) as unknown as Json;
      return describePath(doc, paramSchema(p), `parameters.${name}`, rest.slice(n), 'request', opts);
    }
    throw new ToolInputError(`no parameter "${rest.join('.')}"; this operation has ${params.map((p) => p.name).join(', ') || 'none'}`);
  }
  if (head === 'requestBody') {
    const found = bodyMedia(doc, raw);
    if (!found) throw new ToolInputError(`${op.operationId} takes no request body; ask for parameters instead`);
    if (rest.length === 0) return describeBody(doc, op, raw, opts, BUDGET.part) as unknown as Json;
    return describePath(doc, found.media[1].schema ?? {}, 'requestBody', rest, 'request', opts, isQuery(op, raw));
  }
  if (head === 'responses' && rest.length === 0) return describeResponses(doc, raw, bodyMedia(doc, raw)?.media[1].schema, opts, BUDGET.part);
  if (head.startsWith('response:')) {
    const status = head.slice('response:'.length);
    const r = raw.responses && Object.hasOwn(raw.responses, status) ? raw.responses[status] : undefined;
    if (r === undefined) throw new ToolInputError(`no response "${status}"; this operation has ${Object.keys(raw.responses ?? {}).join(', ')}`);
    if (rest.length === 0) return describeResponse(doc, status, r, opts, { chars: BUDGET.part, compact: false });
    const schema = responseSchema(doc, r).media?.[1].schema;
    if (!schema) throw new ToolInputError(`response ${status} has no body schema`);
    return describePath(doc, schema, head, rest, 'response', opts);
  }
  throw new ToolInputError(`unknown part "${part}"; use ${PART_FORMS}`);
}
