import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractApi } from '../../src/catalog/extract.js';
import { describeOperation, describePart, type SchemaOptions } from '../../src/schema/describe.js';
import { firstSentence } from '../../src/schema/flatten.js';
import type { Operation } from '../../src/catalog/types.js';

const FIXTURE = new URL('../fixtures/schema.yaml', import.meta.url).pathname;

// Loose access to rendered JSON in assertions.
type Any = any;

let doc: OpenAPIV3.Document;
let ops: Map<string, Operation>;

beforeAll(async () => {
  doc = (await SwaggerParser.parse(FIXTURE)) as OpenAPIV3.Document;
  const { operations } = extractApi(doc, { api: 'shapes', folder: 'v1', specFile: FIXTURE, source: 'user', latest: true });
  ops = new Map(operations.map((o) => [o.operationId, o]));
});

function op(id: string): Operation {
  const found = ops.get(id);
  if (!found) throw new Error(`fixture has no ${id}`);
  return found;
}

const full = (id: string, opts: SchemaOptions = {}): Any => describeOperation(doc, op(id), opts);
const part = (id: string, p: string, opts: SchemaOptions = {}): Any => describePart(doc, op(id), p, opts);

describe('resolution', () => {
  it('marks a schema that reaches itself as $cycle and renders a merely reused one in full', () => {
    const tree = full('get-tree').responses['200'].schema;
    expect(tree.properties.children.items).toEqual({ $cycle: 'Node' });
    expect(tree.properties.owner.properties.city).toEqual({ type: 'string', nullable: true });
    expect(tree.properties.backup).toEqual(tree.properties.owner);
  });

  it('renders a component again where a field beside it in an allOf points to it: reuse, not a cycle', () => {
    const wrapper = full('get-wrapper').responses['200'].schema;
    expect(Object.keys(wrapper.properties)).toEqual(['street', 'city', 'forward']);
    expect(wrapper.properties.forward).toEqual({ type: 'object', properties: { street: { type: 'string' }, city: { type: 'string', nullable: true } } });
  });

  it('leaves no $ref anywhere', () => {
    for (const id of ops.keys()) expect(JSON.stringify(full(id))).not.toContain('"$ref"');
  });

  it('merges allOf into one object with the union of required fields', () => {
    const body = full('create-gadget').requestBody.schema;
    expect(body.allOf).toBeUndefined();
    expect(body.required).toEqual(['name']);
    expect(Object.keys(body.properties)).toEqual(['secret', 'name', 'color', 'home', 'work']);
  });

  it('leaves readOnly fields out of request bodies and writeOnly fields out of responses', () => {
    const body = full('create-gadget').requestBody.schema;
    expect(body.properties.id).toBeUndefined();
    expect(body.properties.created_at).toBeUndefined();
    const item = full('list-gadgets').responses['200'].item;
    expect(item.properties.id).toEqual({ type: 'string', format: 'uuid' });
    expect(item.properties.secret).toBeUndefined();
  });
});

describe('compact rendering', () => {
  it('keeps types, formats, min/max, defaults, nullable and required', () => {
    const [size] = full('list-gadgets').parameters.query;
    expect(size).toEqual({ name: 'page[size]', required: false, schema: { type: 'integer', minimum: 1, maximum: 100 }, description: 'Page size.' });
    const body = full('create-gadget').requestBody.schema;
    expect(body.properties.name).toEqual({ type: 'string', minLength: 1 });
    expect(body.properties.color.default).toBe('c00');
  });

  it('cuts long enums with "+N more" naming a part that lists them all', () => {
    const sort = full('list-gadgets').parameters.query[2];
    expect(sort.schema.enum).toHaveLength(16);
    expect(sort.schema.$moreEnum).toBe('+14 more: ask for part "parameters.sort"');
    expect(part('list-gadgets', 'parameters.sort').schema.enum).toHaveLength(30);
    expect(part('create-gadget', 'requestBody.color').enum).toHaveLength(30);
  });

  it('shows examples only when asked', () => {
    expect(JSON.stringify(full('create-gadget'))).not.toContain('example');
    const withExamples = full('create-gadget', { examples: true }).requestBody;
    expect(withExamples.examples).toEqual({ small: { name: 'tiny', color: 'red' } });
    expect(withExamples.schema.properties.name.example).toBe('tiny');
  });

  it('cuts descriptions to their first sentence, not at "i.e." or "e.g."', () => {
    expect(firstSentence('Matches all, i.e. every route. Second sentence.')).toBe('Matches all, i.e. every route.');
    expect(firstSentence('Use **bold** and `code` here. More.')).toBe('Use bold and code here.');
  });
});

describe('unions', () => {
  it('summarizes similar variants as groups that keep which operators go with which fields', () => {
    const items = full('query-gadgets').requestBody.schema.properties.filters.items;
    expect(items.$union).toMatch(/^5 variants keyed by "field"/);
    const groups = items.groups.map((g: Any) => ({
      fields: g.when.field,
      operators: g.oneOf.map((shape: Any) => shape.properties.operator.enum).flat(),
    }));
    expect(groups).toEqual([
      { fields: ['name', 'color', 'owner'], operators: ['in', 'not_in', '=', '!=', 'empty', 'not_empty'] },
      { fields: ['team'], operators: ['in', 'not_in', 'empty', 'not_empty'] },
      { fields: ['size'], operators: ['<', '>', 'empty', 'not_empty'] },
    ]);
    expect(items.groups[2].oneOf[0]).toEqual({ required: ['operator', 'value'], properties: { operator: { type: 'string', enum: ['<', '>'] }, value: { type: 'integer' } } });
  });

  it('keeps small unions as oneOf with titles and discriminator', () => {
    const range = full('query-gadgets').requestBody.schema.properties.time_range;
    expect(range.discriminator).toEqual({ propertyName: 'type' });
    expect(range.oneOf.map((v: Any) => [v.title, v.properties.type.enum[0]])).toEqual([['Relative', 'relative'], ['Absolute', 'absolute']]);
  });

  it('names each variant\'s discriminator value from the mapping when the variant does not', () => {
    const pet = full('query-gadgets').requestBody.schema.properties.pet;
    expect(pet.oneOf.map((v: Any) => [v.title, v.properties.kind.enum])).toEqual([['Cat', ['cat']], ['Dog', ['dog']]]);
  });
});

describe('parameters and responses', () => {
  it('shows a deepObject parameter in its wire form, shorthand included', () => {
    const filter = full('list-gadgets').parameters.query[1];
    expect(filter).toEqual({
      name: 'filter',
      required: false,
      style: 'deepObject',
      wire: { 'filter[name][eq]': 'string', 'filter[name][contains]': 'string', 'filter[name]': 'string', 'filter[created_at][gte]': 'string(date-time)' },
      schema: { $more: 'parameters.filter' },
    });
    expect(part('list-gadgets', 'parameters.filter').schema.properties.name.oneOf).toHaveLength(2);
  });

  it('gives a list as item shape plus pagination shape, and errors as a short list', () => {
    const { responses } = full('list-gadgets');
    expect(responses['200'].itemsAt).toBe('data');
    expect(responses['200'].item.required).toEqual(['name']);
    expect(responses['200'].pagination.meta.properties.page.properties).toEqual({ number: { type: 'integer' }, size: { type: 'integer' } });
    expect(responses.errors).toEqual({ '400': 'Bad request.', '401': 'Unauthorized.' });
  });

  it('points a write that echoes its body at the request body', () => {
    expect(full('create-gadget').responses['201'].schema).toEqual({ $same: 'requestBody', plusReadOnly: ['id', 'created_at'] });
    expect(part('create-gadget', 'response:201').schema.properties.id).toEqual({ type: 'string', format: 'uuid' });
  });
});

describe('depth and parts', () => {
  it('cuts nodes past the depth into $more pointers that work when passed back', () => {
    const deep = full('put-deep').requestBody.schema;
    const l5 = deep.properties.l2.properties.l3.properties.l4.properties.l5;
    expect(l5.properties.l6).toEqual({ type: 'object', $more: 'requestBody.l2.l3.l4.l5.l6' });
    const more = part('put-deep', 'requestBody.l2.l3.l4.l5.l6');
    expect(more.properties.l7.properties.leaf).toEqual({ type: 'string', description: 'The bottom.' });
  });

  it('honours an explicit depth', () => {
    const shallow = full('put-deep', { depth: 2 }).requestBody.schema;
    expect(shallow.properties.l2.properties.l3).toEqual({ type: 'object', $more: 'requestBody.l2.l3' });
  });

  it('returns only the part asked for', () => {
    expect(Object.keys(part('list-gadgets', 'parameters'))).toEqual(['path', 'query', 'header']);
    expect(Object.keys(part('create-gadget', 'requestBody'))).toEqual(['required', 'contentType', 'schema']);
    expect(Object.keys(part('list-gadgets', 'responses'))).toEqual(['200', 'errors']);
    expect(part('list-gadgets', 'response:400')).toEqual({ description: 'Bad request.', schema: { type: 'object', properties: { title: { type: 'string' } } } });
    expect(part('query-gadgets', 'requestBody.time_range.oneOf[1].start')).toEqual({ type: 'string', format: 'date-time' });
    expect(part('list-gadgets', 'response:200.data.home')).toEqual({ type: 'object', properties: { street: { type: 'string' }, city: { type: 'string', nullable: true } } });
  });

  it('steps through union members that share a field', () => {
    expect(part('query-gadgets', 'requestBody.time_range.type')).toEqual({ oneOf: [{ type: 'string', enum: ['relative'] }, { type: 'string', enum: ['absolute'] }] });
  });

  it('explains a part that does not exist', () => {
    expect(() => part('query-gadgets', 'requestBody.nope')).toThrow(/no field at "requestBody.nope". Fields there: filters, time_range, pet/);
    expect(() => part('list-gadgets', 'response:500')).toThrow(/no response "500"; this operation has 200, 400, 401/);
    expect(() => part('list-gadgets', 'requestBody')).toThrow(/takes no request body/);
    expect(() => part('list-gadgets', 'parameters.nope')).toThrow(/no parameter "nope"; this operation has page\[size\], filter, sort/);
    expect(() => part('list-gadgets', 'bogus')).toThrow(/unknown part "bogus"; use parameters/);
  });
});
