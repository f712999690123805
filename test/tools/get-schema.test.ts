import { encode } from 'gpt-tokenizer';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.js';
import { resolvePointer } from '../../src/catalog/extract.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { indexer } from '../../src/search/index.js';
import { parseConfig } from '../../src/config.js';
import { CATALOG_DIR } from '../../src/paths.js';
import type { ToolDeps } from '../../src/deps.js';
import { handle, runGetSchema, type GetSchemaArgs } from '../../src/tools/get-schema.js';

// Loose access to rendered JSON in assertions.
type Any = any;

let catalog: Catalog;
let deps: ToolDeps;

beforeAll(async () => {
  catalog = await loadCatalog({ indexer, dir: CATALOG_DIR });
  deps = {
    config: parseConfig({}).config,
    catalog: async () => catalog,
    docs: async () => {
      throw new Error('get_schema does not read the docs');
    },
    send: undefined,
    version: 'test',
    log: () => {},
  };
});

async function answer(args: GetSchemaArgs): Promise<{ json: Any; text: string; tokens: number }> {
  const res = await handle(args, deps);
  expect(res.isError, res.content[0]?.text).toBeFalsy();
  const text = res.content[0]?.text ?? '';
  return { json: res.structuredContent, text, tokens: encode(text).length };
}

async function rawSpec(operationId: string): Promise<Any> {
  const op = catalog.find(operationId);
  return catalog.spec(catalog.api(op));
}

/** field value -> operator values, read straight from the spec for each member of a filter union. */
function specOperators(doc: Any, members: Any[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const member of members) {
    const fields = new Set<string>();
    const ops = new Set<string>();
    const walk = (node: Any, seen: Set<unknown>): void => {
      while (node?.$ref) node = resolvePointer(doc, node.$ref);
      if (!node || typeof node !== 'object' || seen.has(node)) return;
      seen.add(node);
      for (const k of ['allOf', 'oneOf', 'anyOf']) for (const sub of node[k] ?? []) walk(sub, seen);
      let field = node.properties?.field;
      while (field?.$ref) field = resolvePointer(doc, field.$ref);
      for (const v of field?.enum ?? []) fields.add(v);
      let op = node.properties?.operator;
      while (op?.$ref) op = resolvePointer(doc, op.$ref);
      for (const v of op?.enum ?? []) ops.add(v);
    };
    walk(member, new Set());
    for (const f of fields) out.set(f, new Set([...(out.get(f) ?? []), ...ops]));
  }
  return out;
}

/** field value -> operator values, as the answer's union summary groups them. */
function answerOperators(summary: Any): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const group of summary.groups) {
    const shapes = group.oneOf ?? [group];
    const ops = shapes.flatMap((s: Any) => s.properties.operator.enum);
    for (const f of group.when.field) out.set(f, new Set([...(out.get(f) ?? []), ...ops]));
  }
  return out;
}

describe('token budgets on the real catalog', () => {
  it('query-requests fits in 8k tokens and names every filter field with its own operators, and both time-range forms', async () => {
    const { json, tokens } = await answer({ operationId: 'query-requests' });
    expect(tokens).toBeLessThanOrEqual(8000);
    const doc = await rawSpec('query-requests');
    const byField = doc.components.schemas.AnalyticsRequestsFilterByFieldQuery.properties.filters.items.oneOf;
    const expected = specOperators(doc, byField);
    expect(expected.size).toBeGreaterThanOrEqual(45);
    const summary = json.requestBody.schema.oneOf[0].properties.filters.items;
    expect(answerOperators(summary)).toEqual(expected);
    const range = json.requestBody.schema.oneOf[0].properties.time_range;
    expect(range.oneOf.map((v: Any) => v.properties.type.enum)).toEqual([['relative'], ['absolute']]);
    expect(range.oneOf[0].properties.time_range.enum).toEqual(['15M', '1H', '6H', '12H', '24H', '7D']);
    expect(range.oneOf[1].required).toEqual(['type', 'start', 'end']);
  });

  it('metrics fits in 8k tokens and names every datasource\'s filter fields with their operators, and the time-range forms', async () => {
    const { json, tokens } = await answer({ operationId: 'metrics' });
    expect(tokens).toBeLessThanOrEqual(8000);
    const doc = await rawSpec('metrics');
    const variants = doc.components.schemas.MetricsV2Dto.oneOf;
    expect(json.requestBody.schema.oneOf).toHaveLength(variants.length);
    variants.forEach((ref: Any, i: number) => {
      const query = resolvePointer(doc, ref.$ref) as Any;
      const filters = resolvePointer(doc, query.properties.filters.$ref) as Any;
      const summary = json.requestBody.schema.oneOf[i].properties.filters.items;
      expect(answerOperators(summary)).toEqual(specOperators(doc, filters.items.oneOf));
    });
    const range = json.requestBody.schema.oneOf[0].properties.time_range;
    expect(range.oneOf.map((v: Any) => v.title)).toEqual(['Relative time range', 'Absolute time range']);
    expect(range.oneOf[0].properties.time_range.enum).toContain('previous_month');
    expect(json.requestBody.schema.oneOf[1].properties.time_range).toEqual({ $same: 'requestBody.oneOf[0].time_range' });
  });

  it('metrics lists every datasource\'s metric names and dimensions whole, with their maxItems', async () => {
    const { json, text } = await answer({ operationId: 'metrics' });
    expect(text).not.toContain('$moreEnum');
    const doc = await rawSpec('metrics');
    doc.components.schemas.MetricsV2Dto.oneOf.forEach((ref: Any, i: number) => {
      const query = resolvePointer(doc, ref.$ref) as Any;
      const shown = json.requestBody.schema.oneOf[i].properties;
      for (const list of ['metrics', 'dimensions']) {
        expect(shown[list].items.enum).toEqual(query.properties[list].items.enum);
        expect(shown[list].maxItems).toBe(query.properties[list].maxItems);
      }
    });
    expect(json.requestBody.schema.oneOf[0].properties.metrics.items.enum).toHaveLength(30);
    expect(json.requestBody.schema.oneOf[0].properties.metrics.maxItems).toBe(3);
  });

  it('the analytics queries carry notes read from their specs: time-range forms, list caps, sorting, id format', async () => {
    const metrics = (await answer({ operationId: 'metrics' })).json.notes;
    const requests = (await answer({ operationId: 'query-requests' })).json.notes;
    for (const notes of [metrics, requests]) {
      expect(notes.length).toBeGreaterThan(0);
      expect(notes.length).toBeLessThanOrEqual(5);
      expect(notes.join('\n')).toMatch(/gateway_service.*<controlPlaneId>:<entityId>, two UUIDs joined by ':'/);
    }
    expect(metrics[0]).toContain('{"type":"relative","time_range":"24h"}');
    expect(metrics[0]).toContain('lower case');
    expect(requests[0]).toContain('{"type":"relative","time_range":"24H"}');
    expect(requests[0]).toContain('upper case');
    expect(metrics).toContain('At most 3 metrics and 2 dimensions per query (maxItems).');
    expect(metrics.join('\n')).toMatch(/no sort field: sort the rows yourself/);
    expect(requests.join('\n')).toMatch(/Sorting: only order \(ascending\|descending, default descending\)/);
    const write = await answer({ operationId: 'create-control-plane' });
    expect(write.json.notes).toBeUndefined();
  });

  it('create-route fits in 4k tokens and list-control-planes in 3k', async () => {
    const route = await answer({ operationId: 'create-route', api: 'control-planes-config' });
    expect(route.tokens).toBeLessThanOrEqual(4000);
    expect(route.json.requestBody.schema.oneOf.map((v: Any) => v.title)).toEqual(['RouteJson', 'RouteExpression']);
    const planes = await answer({ operationId: 'list-control-planes' });
    expect(planes.tokens).toBeLessThanOrEqual(3000);
    expect(planes.json.parameters.query.map((p: Any) => p.name)).toEqual(['page[size]', 'page[number]', 'filter', 'labels', 'sort']);
    expect(planes.json.parameters.query[2].wire['filter[name][contains]']).toBe('string');
    expect(planes.json.responses['200'].itemsAt).toBe('data');
    expect(Object.keys(planes.json.responses['200'].pagination.meta.properties.page.properties)).toEqual(['number', 'size', 'total']);
  });
});

/** Every part pointer an answer offers: $more, $same and the part named by $moreEnum. */
function pointers(node: Any, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const v of node) pointers(v, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if ((k === '$more' || k === '$same') && typeof v === 'string') out.add(v);
      else if (k === '$moreEnum' && typeof v === 'string') out.add(/part "([^"]+)"/.exec(v)![1]!);
      else pointers(v, out);
    }
  }
  return out;
}

function hasKey(node: Any, key: string): boolean {
  if (Array.isArray(node)) return node.some((v) => hasKey(v, key));
  if (!node || typeof node !== 'object') return false;
  return Object.entries(node).some(([k, v]) => k === key || hasKey(v, key));
}

describe('every operation', () => {
  it('answers every operation in the catalog with $refs resolved, and every pointer it offers works when passed back', async () => {
    expect(catalog.operations.length).toBeGreaterThan(1000);
    let followed = 0;
    for (const op of catalog.operations) {
      const args = { operationId: op.operationId, api: op.api };
      const out = await runGetSchema(args, deps);
      expect(hasKey(out, '$ref'), `${op.api} ${op.operationId}`).toBe(false);
      expect(hasKey(out, '$missing'), `${op.api} ${op.operationId}`).toBe(false);
      for (const part of pointers(out)) {
        const more = await runGetSchema({ ...args, part }, deps);
        expect(hasKey(more, '$ref')).toBe(false);
        followed++;
      }
    }
    expect(followed).toBeGreaterThan(500);
  });

  it('marks the true cycles of the portal page, API document and scorecard trees', async () => {
    const cycles = async (args: GetSchemaArgs): Promise<string> => JSON.stringify((await answer(args)).json).match(/"\$cycle":"[^"]+"/g)?.join(' ') ?? '';
    expect(await cycles({ operationId: 'list-portal-pages', api: 'portal-management' })).toContain('"$cycle":"PortalPageInfo"');
    expect(await cycles({ operationId: 'list-api-documents', api: 'dev-portal' })).toContain('"$cycle":"ApiDocumentTree"');
    expect(await cycles({ operationId: 'fetch-catalog-service-scorecard', depth: 10 })).toContain('"$cycle":"CriteriaEvaluationResultDetails"');
  });
});

describe('parts', () => {
  it('returns only the part asked for', async () => {
    const { json } = await answer({ operationId: 'query-requests', part: 'requestBody.filters' });
    expect(Object.keys(json)).toEqual(['operationId', 'api', 'method', 'path', 'part', 'value']);
    expect(json.value.oneOf.map((f: Any) => f.items.$union)).toEqual([expect.stringMatching(/^49 variants/), expect.stringMatching(/^11 variants/)]);
    const config = await answer({ operationId: 'create-plugin', api: 'control-planes-config', part: 'requestBody.config' });
    expect(config.json.value.type).toBe('object');
    const page = await answer({ operationId: 'list-control-planes', part: 'response:200' });
    expect(Object.keys(page.json.value)).toEqual(['description', 'schema']);
  });

  it('cuts a long enum outside query bodies, and lists it whole when its part is asked for', async () => {
    const { json } = await answer({ operationId: 'teams-assign-role' });
    expect(json.requestBody.schema.properties.role_name.$moreEnum).toMatch(/^\+\d+ more: ask for part "requestBody.role_name"$/);
    const whole = await answer({ operationId: 'teams-assign-role', part: 'requestBody.role_name' });
    expect(whole.json.value.enum.length).toBeGreaterThan(24);
    expect(whole.json.value.$moreEnum).toBeUndefined();
  });
});

describe('errors', () => {
  it('asks for an api when the operationId exists in several, listing them', async () => {
    const res = await handle({ operationId: 'list-applications' }, deps);
    expect(res.isError).toBe(true);
    expect(res.content[0]?.text).toBe('[AMBIGUOUS_OPERATION] operationId "list-applications" exists in several APIs: dev-portal, portal-management. Pass api with one of them.');
  });

  it('suggests close operationIds and the search tool for an unknown one', async () => {
    const res = await handle({ operationId: 'list-control-plane' }, deps);
    expect(res.isError).toBe(true);
    expect(res.content[0]?.text).toMatch(/^\[UNKNOWN_OPERATION\] Unknown operation "list-control-plane"\. Did you mean "list-control-planes"/);
    expect(res.content[0]?.text).toMatch(/Use search to find operationIds\.$/);
  });

  it('says where an operationId lives when the api given is the wrong one, and lists apis for an unknown api', async () => {
    const wrong = await handle({ operationId: 'list-control-planes', api: 'identity' }, deps);
    expect(wrong.content[0]?.text).toBe('[UNKNOWN_OPERATION] "list-control-planes" is not in api "identity"; it is in control-planes. Pass one of those as api.');
    const unknown = await handle({ operationId: 'list-route', api: 'gateway' }, deps);
    expect(unknown.content[0]?.text).toMatch(/^\[UNKNOWN_API\] unknown api "gateway"\. "list-route" is in control-planes-config\. Known apis: analytics-dashboards, /);
  });

  it('explains a bad part without failing the server', async () => {
    const res = await handle({ operationId: 'list-control-planes', part: 'requestBody' }, deps);
    expect(res.content[0]?.text).toBe('[INVALID_INPUT] list-control-planes takes no request body; ask for parameters instead');
  });
});
