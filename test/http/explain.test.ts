import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { operationSpec } from '../../src/http/spec.js';
import { findProblems } from '../../src/http/validate.js';
import type { RequestArgs } from '../../src/http/request.js';

// A spec that is not Konnect's analytics: the same words must come out of any spec with such shapes.
const FIXTURE = new URL('../fixtures/explain.yaml', import.meta.url).pathname;
const ORG = '9524ec7d-36d9-465d-a8c5-83a3c9390458';
const WIDGET = '7fca84d6-1e0b-4c6e-9a55-2b1d0c3e4f60';
let doc: OpenAPIV3.Document;

beforeAll(async () => {
  doc = (await SwaggerParser.parse(FIXTURE)) as OpenAPIV3.Document;
});

function check(args: RequestArgs) {
  const spec = operationSpec(doc, { method: 'POST', path: '/widgets/query' });
  return findProblems({ doc, spec, key: 'explain#query-widgets', operationId: 'query-widgets' }, args);
}

describe('validation errors in words, on any spec', () => {
  it('picks the union branch sharing the most keys when nothing is keyed, and names its part', async () => {
    const { problems, part } = await check({ body: { target: { tenant: 'acme' } } });
    expect(problems).toEqual([{ path: 'body.target.region', message: 'is required' }]);
    expect(part).toBe('requestBody.target.oneOf[0]');
  });

  it('says a two-UUID pattern in words, with the names the field description gives', async () => {
    const { problems, part } = await check({ body: { target: { widget_id: WIDGET } } });
    expect(problems).toEqual([
      { path: 'body.target.widget_id', message: `a widget is written <orgId>:<widgetId> here, two UUIDs joined by ':', e.g. "${ORG}:${WIDGET}"; a bare id is not enough` },
    ]);
    expect(part).toBe('requestBody.target.oneOf[1]');
    expect((await check({ body: { target: { widget_id: `${ORG}:${WIDGET}` } } })).problems).toEqual([]);
  });

  it('says a UUID pattern in words', async () => {
    const { problems } = await check({ body: { target: { widget_id: `${ORG}:${WIDGET}`, owner_id: 'me' } } });
    expect(problems).toEqual([{ path: 'body.target.owner_id', message: expect.stringMatching(/^must be a UUID such as "[0-9a-f-]{36}" \(got "me"\)$/) as string }]);
  });

  it('picks the branch by the value it is keyed by and hints at the case', async () => {
    const { problems, part } = await check({ body: { window: { type: 'relative', span: '5M' } } });
    expect(problems).toEqual([{ path: 'body.window.span', message: 'must be one of: "30s", "5m", "1d", "today" (got "5M"); write "5m" exactly (case matters)' }]);
    expect(part).toBe('requestBody.window.oneOf[0]');
  });
});
