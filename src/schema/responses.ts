// Responses as a caller reads them: the success shape (a list as item + pagination), errors as a short list.
import type { OpenAPIV3 } from 'openapi-types';
import { fit, type SchemaOptions, type Section } from './fit.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import { resolveMerged, firstSentence, flattenSchema } from './flatten.js';

type Doc = OpenAPIV3.Document;

const ERROR_TEXT = 80;

/** The JSON media type of a body or response, else its first one. */
export function jsonMedia(content: Record<string, OpenAPIV3.MediaTypeObject> | undefined): [string, OpenAPIV3.MediaTypeObject] | undefined {
  if (!content) return undefined;
  const entries = Object.entries(content);
  return entries.find(([t]) => /json/.test(t)) ?? entries[0];
}

/** Properties that carry paging state next to a list's items. */
const PAGING = new Set(['meta', 'next', 'offset', 'page', 'count', 'total', 'links', 'cursor', 'size']);

/** A list envelope ({ data: [...], meta }) shown as its item shape plus its pagination shape. */
function asList(schema: Json): JsonObject | undefined {
  if (!isObject(schema) || !isObject(schema.properties)) return undefined;
  const props = Object.entries(schema.properties);
  const arrays = props.filter(([, v]) => isObject(v) && v.type === 'array' && v.items !== undefined);
  if (arrays.length !== 1) return undefined;
  const [itemsAt, list] = arrays[0]! as [string, JsonObject];
  const rest = props.filter(([k]) => k !== itemsAt);
  if (!rest.every(([k]) => PAGING.has(k))) return undefined;
  const out: JsonObject = { itemsAt, item: list.items! };
  if (rest.length > 0) out.pagination = Object.fromEntries(rest);
  return out;
}

export function responseSchema(doc: Doc, r: unknown): { res?: OpenAPIV3.ResponseObject; media?: [string, OpenAPIV3.MediaTypeObject] } {
  const res = resolveMerged<OpenAPIV3.ResponseObject>(doc, r);
  const media = jsonMedia(res?.content);
  return { ...(res ? { res } : {}), ...(media ? { media } : {}) };
}

/** A write that answers with the entity it was sent: point at the body instead of repeating it. */
function echoOfBody(doc: Doc, schema: unknown, bodySchema: unknown): Json | undefined {
  if (!isObject(schema) || !isObject(bodySchema) || typeof schema.$ref !== 'string' || schema.$ref !== bodySchema.$ref) return undefined;
  const props = flattenSchema(doc, schema, []).schema.properties;
  const readOnly = Object.entries(isObject(props) ? props : {}).filter(([, p]) => resolveMerged<Record<string, unknown>>(doc, p)?.readOnly === true).map(([k]) => k);
  return readOnly.length > 0 ? { $same: 'requestBody', plusReadOnly: readOnly } : { $same: 'requestBody' };
}

export interface ResponseContext {
  chars: number;
  /** Default answer: lists shown as item + pagination, echoes of the body pointed at. */
  compact: boolean;
  bodySchema?: unknown;
}

export function describeResponse(doc: Doc, status: string, r: unknown, opts: SchemaOptions, rc: ResponseContext): JsonObject {
  const { res, media } = responseSchema(doc, r);
  const view: JsonObject = {};
  const d = firstSentence(res?.description);
  if (d) view.description = d;
  const echo = rc.compact ? echoOfBody(doc, media?.[1].schema, rc.bodySchema) : undefined;
  if (echo) {
    view.schema = echo;
  } else if (media?.[1].schema) {
    const sec: Section = { doc, opts, mode: 'response', chars: rc.chars, exact: false };
    const schema = fit(sec, media[1].schema, `response:${status}`);
    if (!/json/.test(media[0])) view.contentType = media[0];
    const list = rc.compact ? asList(schema) : undefined;
    if (list) Object.assign(view, list);
    else view.schema = schema;
  }
  return view;
}

export function describeResponses(doc: Doc, raw: OpenAPIV3.OperationObject, bodySchema: unknown, opts: SchemaOptions, chars: number): Record<string, Json> {
  const out: Record<string, Json> = {};
  const errors: JsonObject = {};
  const rc: ResponseContext = { chars, compact: true, ...(bodySchema ? { bodySchema } : {}) };
  for (const [status, r] of Object.entries(raw.responses ?? {})) {
    if (/^[23]/.test(status)) out[status] = describeResponse(doc, status, r, opts, rc);
    else errors[status] = firstSentence(resolveMerged<OpenAPIV3.ResponseObject>(doc, r)?.description, ERROR_TEXT) ?? '';
  }
  if (Object.keys(errors).length > 0) out.errors = errors;
  return out;
}
