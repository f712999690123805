import type { OpenAPIV3 } from 'openapi-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANY_OF, inputSchema } from '../../src/http/input-schema.js';
import { loadGadgets, type FixtureOp } from '../helpers/gadgets.js';

const ID = 'urn:test';
let doc: OpenAPIV3.Document;
let op: (id: string) => FixtureOp;

beforeAll(async () => {
  ({ doc, op } = await loadGadgets());
});

type Schema = Record<string, unknown> & { $defs: Record<string, Record<string, unknown>>; properties: Record<string, Record<string, unknown>> };
const schemaOf = (id: string) => inputSchema(doc, op(id).spec, ID).schema as Schema;

describe('inputSchema', () => {
  it('wraps path, query, headers and body, requiring the body when the spec does', () => {
    const s = schemaOf('create-gadget');
    expect(s).toMatchObject({ $id: ID, type: 'object', required: ['pathParams', 'query', 'headers', 'body'] });
    expect(s.properties.body).toEqual({ $ref: `${ID}#/$defs/d0`, xLabel: 'Gadget' });
    expect(schemaOf('get-gadget').properties.pathParams).toEqual({ type: 'object', properties: { gadgetId: { type: 'string', format: 'uuid' } }, required: ['gadgetId'], additionalProperties: false });
  });

  it('turns each local $ref into one $defs entry, so the Gadget -> parent -> Gadget cycle points back', () => {
    const gadget = schemaOf('create-gadget').$defs.d0 as { properties: Record<string, unknown> };
    expect(gadget.properties.parent).toEqual({ $ref: `${ID}#/$defs/d0`, xLabel: 'Gadget' });
    expect(gadget.properties.children).toEqual({ type: 'array', items: { $ref: `${ID}#/$defs/d0`, xLabel: 'Gadget' } });
  });

  it('drops readOnly properties from required, keeps the rest', () => {
    expect(schemaOf('create-gadget').$defs.d0?.required).toEqual(['name', 'config']);
  });

  it('translates nullable, enums with null, and boolean exclusiveMinimum', () => {
    const props = (schemaOf('create-gadget').$defs.d0 as { properties: Record<string, unknown> }).properties;
    expect(props.description).toEqual({ type: ['string', 'null'] });
    expect(props.kind).toEqual({ type: ['string', 'null'], enum: ['small', 'large', null] });
    expect(props.port).toEqual({ type: 'integer', exclusiveMinimum: 0, maximum: 65535 });
  });

  it('turns oneOf into the lenient xAnyOf keyword with labelled branches', () => {
    const props = (schemaOf('create-gadget').$defs.d0 as { properties: Record<string, Record<string, unknown>> }).properties;
    expect(props.config?.[ANY_OF]).toEqual([
      { $ref: `${ID}#/$defs/d1`, xLabel: 'HttpConfig' },
      { $ref: `${ID}#/$defs/d2`, xLabel: 'TcpConfig' },
    ]);
  });

  it('collects the formats used', () => {
    expect([...inputSchema(doc, op('create-gadget').spec, ID).formats].sort()).toEqual(['url', 'uuid']);
  });
});
