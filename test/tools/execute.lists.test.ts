// Lists at scale against a real local server: offset (2,500 routes), page.next cursor (250 nodes) and page number
// (230 control planes); resume chains through budget cuts; select over all pages; the budget by a real tokenizer.
import { countTokens } from 'gpt-tokenizer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalog } from '../../src/catalog/load.js';
import type { Config } from '../../src/config.js';
import type { ToolDeps } from '../../src/deps.js';
import { CATALOG_DIR } from '../../src/paths.js';
import { MAX_PAGES } from '../../src/http/paginate.js';
import { indexer } from '../../src/search/index.js';
import { handle, type ExecuteArgs } from '../../src/tools/execute.js';
import type { ToolResult } from '../../src/tools/result.js';
import { controlPlanes, nodes, routes, routesPage } from '../helpers/konnect-lists.js';
import { executeDeps } from '../helpers/execute-deps.js';
import { json, startServer, type TestServer } from '../helpers/http-server.js';

const TOKEN = 'kpat_listsSuiteSecret0123456789abcdefXYZ';
const CP = '9a1b2c3d-0000-4000-8000-00000000c0de';
const ROUTES = routes(2_500);
const NODES = nodes(250);
const PLANES = controlPlanes(230);
let server: TestServer;
let catalog: Promise<Catalog>;
const logs: string[] = [];

/** Konnect's three paging styles, served from the arrays above; each request recorded. */
function konnect(): void {
  server.handle((req, res) => {
    const url = new URL(req.url, server.url);
    const p = url.searchParams;
    if (url.pathname === `/v2/control-planes/${CP}/core-entities/routes`) {
      const page = routesPage(ROUTES, url.pathname, url);
      return json(res, page.status, page.body);
    }
    if (url.pathname === `/v2/control-planes/${CP}/nodes`) {
      const size = Number(p.get('page[size]') ?? 100);
      const start = p.get('page[after]') ? NODES.findIndex((n) => n.id === Buffer.from(p.get('page[after]')!, 'base64url').toString()) + 1 : 0;
      const items = NODES.slice(start, start + Math.min(size, 100));
      const more = start + items.length < NODES.length;
      const after = Buffer.from(String(items.at(-1)?.id)).toString('base64url');
      return json(res, 200, { items, page: { total_count: NODES.length, next: more ? `/v2/control-planes/${CP}/nodes?page[size]=${size}&page[after]=${after}` : null } });
    }
    if (url.pathname === '/v2/control-planes') {
      const size = Math.min(Number(p.get('page[size]') ?? 10), 100);
      const number = Number(p.get('page[number]') ?? 1);
      return json(res, 200, { data: PLANES.slice((number - 1) * size, number * size), meta: { page: { number, size, total: PLANES.length } } });
    }
    json(res, 404, { message: 'not found' });
  });
}

beforeAll(async () => {
  server = await startServer();
  catalog = loadCatalog({ indexer, dir: CATALOG_DIR });
  await catalog;
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  logs.length = 0;
  konnect();
});

function deps(overrides: Partial<Config> = {}): ToolDeps {
  return executeDeps({ token: TOKEN, baseUrl: server.url, catalog, overrides, log: (line) => void logs.push(line) });
}

/** A budget large enough that only paging decides what comes back. */
const roomy = (): ToolDeps => deps({ maxResponseTokens: 500_000 });

interface Answer {
  r: ToolResult;
  out: Record<string, any>;
  tokens: number;
}

async function run(args: ExecuteArgs | Record<string, unknown>, d: ToolDeps = deps()): Promise<Answer> {
  const r = await handle(args as ExecuteArgs, d);
  const text = r.content[0]?.text ?? '';
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(Buffer.from(TOKEN).toString('base64'));
  return { r, out: (r.structuredContent ?? {}) as Record<string, any>, tokens: countTokens(text) };
}

/** Follows pagination.resume until the list ends; returns every item in order and each answer's token count. */
async function chain(args: ExecuteArgs, listKey: string, d: ToolDeps = deps()): Promise<{ items: any[]; tokens: number[]; calls: number }> {
  const items: any[] = [];
  const tokens: number[] = [];
  let resume: string | undefined;
  for (let calls = 1; calls <= 60; calls++) {
    const a = await run({ ...args, ...(resume ? { resume } : {}) }, d);
    expect(a.r.isError, JSON.stringify(a.out).slice(0, 300)).toBeFalsy();
    items.push(...(a.out.body[listKey] as unknown[]));
    tokens.push(a.tokens);
    resume = a.out.pagination?.resume;
    if (!a.out.pagination?.more) return { items, tokens, calls };
    expect(resume).toBeTypeOf('string');
  }
  throw new Error('resume chain did not end');
}

const ids = (xs: { id: string }[]): string[] => xs.map((x) => x.id);
const routeArgs = { operationId: 'list-route', pathParams: { controlPlaneId: CP } };

describe('every item exactly once, in order, in each paging style', () => {
  it('offset style: 2,500 routes in one call with maxItems, pages of the operation maximum (1,000)', async () => {
    const a = await run({ ...routeArgs, maxItems: 2_500, fields: ['id'] }, roomy());
    expect(server.requests.map((q) => new URL(q.url, server.url).searchParams.get('size'))).toEqual(['1000', '1000', '1000']);
    expect(ids(a.out.body.data)).toEqual(ids(ROUTES));
    expect(a.out.pagination).toEqual({ pages: 3, items: 2_500, more: false });
    expect(a.out.body).not.toHaveProperty('offset');
    expect(a.out.body).not.toHaveProperty('next');
    expect(logs.join('\n')).toMatch(/fetching page 3/);
  });

  it('page.next cursor: 250 nodes, none lost at page boundaries, more false only at the end', async () => {
    const a = await run({ operationId: 'list-dataplane-nodes', pathParams: { controlPlaneId: CP }, maxItems: 1_000, fields: ['id'] }, roomy());
    expect(ids(a.out.body.items)).toEqual(ids(NODES as { id: string }[]));
    expect(a.out.pagination).toMatchObject({ pages: 3, items: 250, more: false });
    expect(a.out.body.page).toEqual({ total_count: 250 });
  });

  it('page number: 230 control planes', async () => {
    const a = await run({ operationId: 'list-control-planes', maxItems: 10_000, fields: ['id'] }, roomy());
    expect(ids(a.out.body.data)).toEqual(ids(PLANES as { id: string }[]));
    expect(a.out.pagination).toMatchObject({ pages: 3, items: 230, more: false });
  });

  it('says more: true with a resume when maxItems stops mid-page, and the resume continues exactly there', async () => {
    const first = await run({ ...routeArgs, maxItems: 250, fields: ['id'] });
    expect(ids(first.out.body.data)).toEqual(ids(ROUTES.slice(0, 250)));
    expect(first.out.pagination).toMatchObject({ items: 250, more: true });
    const next = await run({ ...routeArgs, maxItems: 100, fields: ['id'], resume: first.out.pagination.resume });
    expect(ids(next.out.body.data)).toEqual(ids(ROUTES.slice(250, 350)));
  });
});

describe('resume chains', () => {
  it('2,500 routes without fields: all once, in order, each answer within the budget by a GPT-4o tokenizer', async () => {
    const { items, tokens, calls } = await chain({ ...routeArgs, maxItems: 10_000 } as ExecuteArgs, 'data');
    expect(ids(items)).toEqual(ids(ROUTES));
    expect(calls).toBeGreaterThan(5); // the budget cut pages mid-way, and resume took over from there
    for (const t of tokens) expect(t).toBeLessThanOrEqual(22_000);
    expect(Math.max(...tokens)).toBeGreaterThan(15_000); // the budget is used, not wasted
  }, 60_000);

  it('a smaller budget cuts mid-page; every node still comes once', async () => {
    const { items, tokens } = await chain({ operationId: 'list-dataplane-nodes', pathParams: { controlPlaneId: CP }, maxItems: 1_000 } as ExecuteArgs, 'items', deps({ maxResponseTokens: 3_000 }));
    expect(ids(items)).toEqual(ids(NODES as { id: string }[]));
    for (const t of tokens) expect(t).toBeLessThanOrEqual(3_300);
  });

  it('page-number chains of 70 at a time, with fields', async () => {
    const { items } = await chain({ operationId: 'list-control-planes', maxItems: 70, fields: ['id', 'name'] } as ExecuteArgs, 'data');
    expect(ids(items)).toEqual(ids(PLANES as { id: string }[]));
  });

  it('a single page cut by the budget gives a resume and drops the body cursor that would skip items', async () => {
    const a = await run({ ...routeArgs, query: { size: 1000 } });
    expect(a.out.truncated).toMatchObject({ total: 1000 });
    expect(a.out.body).not.toHaveProperty('offset');
    const kept = a.out.body.data.length as number;
    const b = await run({ ...routeArgs, query: { size: 1000 }, maxItems: 5, resume: a.out.pagination.resume });
    expect(ids(b.out.body.data)).toEqual(ids(ROUTES.slice(kept, kept + 5)));
  });

  it('a page-number list cut by the budget resumes with the same (default) page size', async () => {
    const a = await run({ operationId: 'list-control-planes' }, deps({ maxResponseTokens: 1_000 }));
    const kept = a.out.body.data.length as number;
    expect(kept).toBeLessThan(10);
    const b = await run({ operationId: 'list-control-planes', maxItems: 30, resume: a.out.pagination.resume }, roomy());
    expect(server.requests.slice(1).every((q) => !q.url.includes('page[size]'))).toBe(true);
    expect(ids(b.out.body.data)).toEqual(ids(PLANES.slice(kept, kept + 30) as { id: string }[]));
  });

  it('refuses a resume from another call, or garbled, before sending anything', async () => {
    const a = await run({ ...routeArgs, maxItems: 10, fields: ['id'] });
    const resume = a.out.pagination.resume as string;
    server.requests.length = 0;
    const other = await run({ operationId: 'list-service', pathParams: { controlPlaneId: CP }, resume });
    expect(other.r.isError).toBe(true);
    expect(other.r.content[0]?.text).toMatch(/INVALID_RESUME.*another call.*same operationId/);
    const otherQuery = await run({ ...routeArgs, query: { tags: 'x' }, resume });
    expect(otherQuery.r.content[0]?.text).toMatch(/another call/);
    for (const bad of ['%%%', 'eyJ4IjoxfQ', Buffer.from(JSON.stringify([1, 'x', ['host', 'https://evil.example.com'], 0, null])).toString('base64url')]) {
      const g = await run({ ...routeArgs, resume: bad });
      expect(g.r.content[0]?.text).toMatch(/INVALID_RESUME/);
    }
    expect(server.requests).toEqual([]);
  });
});

describe('select', () => {
  it('answers "which routes have no service" over all 2,500 in one call, well under 3,000 tokens', async () => {
    const a = await run({ ...routeArgs, select: '[?service==null].name' });
    const expected = ROUTES.filter((r) => r.service === null).map((r) => r.name);
    expect(a.out.body).toEqual(expected);
    expect(a.out.pagination).toMatchObject({ items: 2_500, more: false });
    expect(a.tokens).toBeLessThan(3_000);
  });

  it('runs after fields, and returns counts and sorted slices', async () => {
    const count = await run({ ...routeArgs, fields: ['name', 'service'], select: 'length([?service==null])' });
    expect(count.out.body).toBe(ROUTES.filter((r) => r.service === null).length);
    const latest = await run({ operationId: 'list-control-planes', maxItems: 230, select: 'sort_by(@, &name)[-2:].name' });
    expect(latest.out.body).toEqual((PLANES.map((p) => p.name as string)).sort().slice(-2));
  });

  it('refuses a select that doubles its answer at every stage, and the next call works', async () => {
    // Thirty `[@,@]` stages held the server for minutes when the expression ran on the main thread.
    const doubling = Array.from({ length: 30 }, () => '[@,@]').join(' | ');
    const a = await run({ operationId: 'list-control-planes', select: doubling });
    expect(a.r.isError).toBe(true);
    expect(a.r.content[0]?.text).toMatch(/^\[INVALID_SELECT\] select (took over 3 s|needed over 256 MB|answered \d+ characters of JSON).*Narrow it/);
    const next = await run({ operationId: 'list-control-planes', maxItems: 230, select: 'length(@)' });
    expect(next.out.body).toBe(230);
  }, 30_000);

  it('refuses a malformed expression before sending, with the parser message and position', async () => {
    const a = await run({ ...routeArgs, select: '[?service==' });
    expect(a.r.content[0]?.text).toMatch(/INVALID_SELECT.*Syntax error.*at character 12.*Nothing was sent/);
    expect(server.requests).toEqual([]);
  });
});

describe('arguments', () => {
  it('refuses unknown arguments with the known ones and where they belong', async () => {
    const a = await run({ ...routeArgs, filter: { name: { eq: 'x' } }, limit: 5 });
    expect(a.r.content[0]?.text).toMatch(/`filter` goes inside query; `limit` goes inside maxItems\. Nothing was sent\. execute takes: operationId, api, pathParams/);
    expect(server.requests).toEqual([]);
  });

  it('refuses maxItems above 10,000', async () => {
    const a = await run({ ...routeArgs, maxItems: 10_001 });
    expect(a.r.isError).toBe(true);
    expect(server.requests).toEqual([]);
  });
});

describe('where paging stops early', () => {
  /** Control planes one per page whatever size is asked, page `failAt` answering 500. */
  function onePerPage(failAt?: number): void {
    server.handle((req, res) => {
      const url = new URL(req.url, server.url);
      if (url.pathname !== '/v2/control-planes') return json(res, 404, { message: 'not found' });
      const number = Number(url.searchParams.get('page[number]') ?? 1);
      if (number === failAt) return json(res, 500, { message: 'upstream exploded' });
      return json(res, 200, { data: PLANES.slice(number - 1, number), meta: { page: { number, size: 1, total: PLANES.length } } });
    });
  }

  it(`stops at ${MAX_PAGES} pages, says so, and the resume continues at the next item`, async () => {
    onePerPage();
    const a = await run({ operationId: 'list-control-planes', maxItems: 10_000, fields: ['id'] }, roomy());
    expect(a.r.isError).toBeFalsy();
    expect(server.requests).toHaveLength(MAX_PAGES);
    expect(ids(a.out.body.data)).toEqual(ids(PLANES.slice(0, MAX_PAGES) as { id: string }[]));
    expect(a.out.pagination).toMatchObject({ pages: MAX_PAGES, items: MAX_PAGES, more: true });
    expect(a.out.pagination.stoppedBy).toBe(`the ${MAX_PAGES}-page limit`);
    expect(a.r.content[0]?.text).toContain(`the ${MAX_PAGES}-page limit`);
    const next = await run({ operationId: 'list-control-planes', maxItems: 2, fields: ['id'], resume: a.out.pagination.resume }, roomy());
    expect(ids(next.out.body.data)).toEqual(ids(PLANES.slice(MAX_PAGES, MAX_PAGES + 2) as { id: string }[]));
  });

  it('keeps the items before a page that answers 500, says which page failed, and resumes there', async () => {
    onePerPage(3);
    const a = await run({ operationId: 'list-control-planes', maxItems: 10, fields: ['id'] }, roomy());
    expect(a.r.isError).toBeFalsy();
    expect(ids(a.out.body.data)).toEqual(ids(PLANES.slice(0, 2) as { id: string }[]));
    expect(a.out.pagination).toMatchObject({ pages: 2, items: 2, more: true });
    expect(a.out.pagination.stoppedBy).toMatch(/^page 3 answered 500/);
    expect(a.r.content[0]?.text).toMatch(/page 3 answered 500/);
    onePerPage();
    const next = await run({ operationId: 'list-control-planes', maxItems: 2, fields: ['id'], resume: a.out.pagination.resume }, roomy());
    expect(ids(next.out.body.data)).toEqual(ids(PLANES.slice(2, 4) as { id: string }[]));
  });
});
