// What execute needs to know about one operation, read from its OpenAPI document: parameters, body, success statuses.
import type { OpenAPIV3 } from 'openapi-types';
import { followRef, operationParameters, rawOperation } from '../catalog/extract.js';
import type { Operation } from '../catalog/types.js';

export type ParamIn = 'path' | 'query' | 'header' | 'cookie';

export interface ParamSpec {
  name: string;
  in: ParamIn;
  required: boolean;
  style?: string | undefined;
  explode?: boolean | undefined;
  /** The parameter's schema as the spec writes it ($refs unresolved). */
  schema?: unknown;
  /** The schema's top-level `type`, $refs followed, for coercion. */
  type?: string;
  /** Top-level property types of an object parameter (deepObject), for coercion. */
  propertyTypes?: Record<string, string>;
}

export interface BodySpec {
  required: boolean;
  /** The media type execute sends, e.g. application/json. */
  mediaType: string;
  /** Every media type the operation accepts. */
  mediaTypes: string[];
  schema?: unknown;
  /** The schema's top-level `type`, $refs followed. */
  type?: string;
}

export interface OperationSpec {
  params: ParamSpec[];
  body?: BodySpec;
  /** Declared 2xx statuses, e.g. ["200"]. */
  successStatuses: string[];
}

type Doc = OpenAPIV3.Document;

function typeOf(doc: Doc, schema: unknown): string | undefined {
  const s = followRef(doc, schema) as { type?: unknown } | undefined;
  return typeof s?.type === 'string' ? s.type : undefined;
}

function propertyTypes(doc: Doc, schema: unknown): Record<string, string> | undefined {
  const s = followRef(doc, schema) as { properties?: Record<string, unknown> } | undefined;
  if (!s?.properties) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.properties)) {
    const t = typeOf(doc, v);
    if (t) out[k] = t;
  }
  return out;
}

export function isJsonMedia(type: string): boolean {
  return /^application\/([\w.+-]*\+)?json$/i.test(type.split(';')[0]!.trim());
}

export function operationSpec(doc: Doc, op: Pick<Operation, 'method' | 'path'>): OperationSpec {
  const found = rawOperation(doc, op);
  if (!found) return { params: [], successStatuses: [] };
  const { item, raw } = found;
  const params: ParamSpec[] = operationParameters(doc, item, raw).map((p) => {
    // A parameter may carry `content` instead of `schema`; its single media type holds the schema.
    const schema = p.schema ?? Object.values(p.content ?? {})[0]?.schema;
    const type = typeOf(doc, schema);
    const props = type === 'object' ? propertyTypes(doc, schema) : undefined;
    return {
      name: p.name,
      in: p.in as ParamIn,
      required: p.required === true || p.in === 'path',
      style: p.style,
      explode: p.explode,
      ...(schema ? { schema } : {}),
      ...(type ? { type } : {}),
      ...(props ? { propertyTypes: props } : {}),
    };
  });
  const spec: OperationSpec = { params, successStatuses: Object.keys(raw.responses ?? {}).filter((s) => /^2/.test(s)) };
  const body = followRef(doc, raw.requestBody) as OpenAPIV3.RequestBodyObject | undefined;
  if (body?.content) {
    const mediaTypes = Object.keys(body.content);
    const mediaType = mediaTypes.find((t) => t === 'application/json') ?? mediaTypes.find(isJsonMedia) ?? mediaTypes[0];
    if (mediaType) {
      const schema = body.content[mediaType]?.schema;
      const type = typeOf(doc, schema);
      spec.body = { required: body.required === true, mediaType, mediaTypes, ...(schema ? { schema } : {}), ...(type ? { type } : {}) };
    }
  }
  return spec;
}
