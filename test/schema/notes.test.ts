import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeOperation } from '../../src/schema/describe.js';
import { queryNotes } from '../../src/schema/notes.js';
import type { Operation } from '../../src/catalog/types.js';

const FIXTURE = new URL('../fixtures/explain.yaml', import.meta.url).pathname;
let doc: OpenAPIV3.Document;
const op = { operationId: 'query-widgets', method: 'POST', path: '/widgets/query', summary: 'Query widgets' } as Operation;

beforeAll(async () => {
  doc = (await SwaggerParser.parse(FIXTURE)) as OpenAPIV3.Document;
});

describe('notes on a query body, read from its schema alone', () => {
  it('gives the time-range forms, list caps, sorting and the id form, whatever the names', () => {
    const notes = queryNotes(doc, { $ref: '#/components/schemas/WidgetQuery' });
    expect(notes).toEqual([
      'window: {"type":"relative","span":"30s"} with span one of 30s, 5m, 1d, today (lower case, exactly as listed), or {"type":"absolute","from":"<date-time>","to":"<date-time>"}.',
      'At most 2 series per query (maxItems).',
      'Results come one row per combination of split_by; there is no sort field: sort the rows yourself for a top N.',
      "widget_id take ids written <orgId>:<entityId>, two UUIDs joined by ':' (e.g. 9524ec7d-36d9-465d-a8c5-83a3c9390458:7fca84d6-1e0b-4c6e-9a55-2b1d0c3e4f60); owner_id take plain UUIDs.",
    ]);
  });

  it('shows a query body\'s enums whole in the default answer, with the notes first', () => {
    const out = describeOperation(doc, op) as unknown as { notes: string[]; requestBody: { schema: { properties: { series: { items: { enum: string[]; $moreEnum?: string } } } } } };
    expect(Object.keys(out)[0]).toBe('notes');
    expect(out.requestBody.schema.properties.series.items.enum).toHaveLength(26);
    expect(out.requestBody.schema.properties.series.items.$moreEnum).toBeUndefined();
  });
});
