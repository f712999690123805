// Turns an operation's parameters and body into one JSON Schema for ajv. Pure: no ajv here.
// Local $refs become `$defs` entries of the same root (so true cycles stay finite), OpenAPI 3.0 dialect is
// translated (nullable, boolean exclusiveMinimum), and oneOf/anyOf become the lenient `xAnyOf` keyword.
import type { OpenAPIV3 } from 'openapi-types';
import { followRef, resolvePointer } from '../catalog/extract.js';
import { isObject } from '../json.js';
import type { OperationSpec, ParamIn } from './spec.js';

export type SchemaObject = Record<string, unknown>;

/** Custom keyword: valid when the value matches at least one branch (see validate.ts). */
export const ANY_OF = 'xAnyOf';
/** Which keyword the spec used ("oneOf" or "anyOf"), so an error can name get_schema's part for a branch. */
export const UNION_KIND = 'xKind';
/** Where a branch came from (its component name), for error messages. */
export const BRANCH_LABEL = 'xLabel';

const DROPPED = new Set(['discriminator', 'xml', 'externalDocs', 'example', 'examples', 'description', 'deprecated', 'readOnly', 'writeOnly', 'nullable']);
const SCHEMA_MAP_KEYS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SCHEMA_KEYS = ['additionalProperties', 'items', 'additionalItems', 'not', 'contains', 'propertyNames', 'if', 'then', 'else', 'unevaluatedProperties', 'unevaluatedItems'];

export interface InputSchema {
  schema: SchemaObject;
  /** Every `format` used, so unknown ones can be registered as annotations. */
  formats: Set<string>;
}

class Converter {
  readonly defs: Record<string, unknown> = {};
  readonly formats = new Set<string>();
  private readonly names = new Map<string, string>();

  constructor(
    private readonly doc: OpenAPIV3.Document,
    private readonly id: string,
  ) {}

  /** A `$ref` into the root's $defs; the target is converted once, so a cycle just points back. */
  private ref(pointer: string): SchemaObject {
    if (!pointer.startsWith('#/')) return {}; // remote refs are not bundled: accept anything there
    let name = this.names.get(pointer);
    if (!name) {
      name = `d${this.names.size}`;
      this.names.set(pointer, name); // set before converting, so a cycle back here finds the name
      const target = resolvePointer(this.doc, pointer);
      this.defs[name] = target === undefined ? {} : this.convert(target);
    }
    return { $ref: `${this.id}#/$defs/${name}`, [BRANCH_LABEL]: pointer.split('/').pop() ?? pointer };
  }

  convert(node: unknown): unknown {
    if (!isObject(node)) return node;
    if (typeof node.$ref === 'string') return this.ref(node.$ref);
    const out: SchemaObject = {};
    for (const [k, v] of Object.entries(node)) {
      if (DROPPED.has(k) || k.startsWith('x-') || k === '__proto__') continue;
      if (SCHEMA_MAP_KEYS.includes(k) && isObject(v)) {
        out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, this.convert(s)]));
      } else if (SCHEMA_KEYS.includes(k)) {
        out[k] = Array.isArray(v) ? v.map((s) => this.convert(s)) : this.convert(v);
      } else if (k === 'allOf' && Array.isArray(v)) {
        out.allOf = v.map((s) => this.convert(s));
      } else if ((k === 'oneOf' || k === 'anyOf') && Array.isArray(v)) {
        // Both lenient: a value matching two oneOf branches is still a value the API accepts.
        const branches = v.map((s) => this.convert(s));
        if (out[ANY_OF]) out.allOf = [...((out.allOf as unknown[]) ?? []), { [ANY_OF]: branches, [UNION_KIND]: k }];
        else Object.assign(out, { [ANY_OF]: branches, [UNION_KIND]: k });
      } else if (k === 'required' && Array.isArray(v)) {
        // readOnly properties are required in responses only: a request never sends them.
        const props = isObject(node.properties) ? node.properties : {};
        out.required = v.filter((name) => {
          const prop = followRef(this.doc, props[name as string]);
          return !(isObject(prop) && prop.readOnly === true);
        });
      } else if (k === 'format' && typeof v === 'string') {
        this.formats.add(v);
        out.format = v;
      } else {
        out[k] = v;
      }
    }
    fixExclusiveBounds(out);
    return node.nullable === true ? nullable(out) : out;
  }
}

/** OpenAPI 3.0 writes `exclusiveMinimum: true` next to `minimum`; JSON Schema wants the number. */
function fixExclusiveBounds(s: SchemaObject): void {
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (s[flag] === true && typeof s[bound] === 'number') {
      s[flag] = s[bound];
      delete s[bound];
    } else if (typeof s[flag] === 'boolean') {
      delete s[flag];
    }
  }
}

function nullable(s: SchemaObject): SchemaObject {
  const simple = s[ANY_OF] === undefined && s.allOf === undefined && s.$ref === undefined && s.not === undefined;
  if (simple && (typeof s.type === 'string' || Array.isArray(s.type))) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    const out: SchemaObject = { ...s, type: types.includes('null') ? types : [...types, 'null'] };
    if (Array.isArray(s.enum) && !s.enum.includes(null)) out.enum = [...s.enum, null];
    return out;
  }
  return { [ANY_OF]: [s, { type: 'null' }] };
}

function group(params: OperationSpec['params'], where: ParamIn, conv: Converter): SchemaObject {
  const mine = params.filter((p) => p.in === where);
  return {
    type: 'object',
    properties: Object.fromEntries(mine.map((p) => [p.name, p.schema === undefined ? {} : conv.convert(p.schema)])),
    required: mine.filter((p) => p.required).map((p) => p.name),
    // Unknown headers are judged by the header rules instead (harmless ones are allowed).
    additionalProperties: where === 'header',
  };
}

/** Keywords whose subschemas judge the same value: a $ref cycle through only these never ends (A: allOf [A]). */
const SAME_VALUE_KEYS = ['allOf', ANY_OF, 'not', 'if', 'then', 'else'];

/**
 * Cuts $ref cycles that never step into a child value (A -> B -> A, self-allOf, self-oneOf), which would recurse
 * until the stack overflows; get_schema shows them as {"$cycle"}, validation accepts anything there. Cycles through
 * a property or items (a tree) are fine: each step goes one level into the data.
 */
function cutSameValueCycles(defs: Record<string, unknown>, id: string): void {
  const prefix = `${id}#/$defs/`;
  const refsAt = (node: unknown, out: SchemaObject[]): SchemaObject[] => {
    if (!isObject(node)) return out;
    if (typeof node.$ref === 'string') out.push(node);
    for (const k of SAME_VALUE_KEYS) for (const sub of [node[k]].flat()) refsAt(sub, out);
    return out;
  };
  const state = new Map<string, 'open' | 'done'>();
  const visit = (name: string): void => {
    state.set(name, 'open');
    for (const ref of refsAt(defs[name], [])) {
      const target = String(ref.$ref).slice(prefix.length);
      if (state.get(target) === 'open') delete ref.$ref;
      else if (!state.has(target) && Object.hasOwn(defs, target)) visit(target);
    }
    state.set(name, 'done');
  };
  for (const name of Object.keys(defs)) if (!state.has(name)) visit(name);
}

/** Root schema over `{ pathParams, query, headers, body }`; `id` must be unique per operation. */
export function inputSchema(doc: OpenAPIV3.Document, spec: OperationSpec, id: string): InputSchema {
  const conv = new Converter(doc, id);
  const properties: SchemaObject = {
    pathParams: group(spec.params, 'path', conv),
    query: group(spec.params, 'query', conv),
    headers: group(spec.params, 'header', conv),
  };
  if (spec.body) properties.body = spec.body.schema === undefined ? {} : conv.convert(spec.body.schema);
  cutSameValueCycles(conv.defs, id);
  const schema: SchemaObject = {
    $id: id,
    type: 'object',
    properties,
    required: ['pathParams', 'query', 'headers', ...(spec.body?.required ? ['body'] : [])],
    $defs: conv.defs,
  };
  return { schema, formats: conv.formats };
}
