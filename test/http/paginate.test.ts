import { describe, expect, it } from 'vitest';
import { collectPages, nextPage, setPageParam, withoutCursors, withPageSize, type PageRun } from '../../src/http/paginate.js';
import type { ShapedResponse } from '../../src/http/response.js';
import type { ParamSpec } from '../../src/http/spec.js';

const q = (name: string, type?: string): ParamSpec => ({ name, in: 'query', required: false, ...(type ? { type } : {}) });
const numbered = [q('page[size]'), q('page[number]')];
const cursor = [q('page[size]'), q('page[after]')];
const offset = [q('size'), q('offset')];
const deep = [q('page', 'object')];

describe('nextPage', () => {
  it('follows page[number] from meta.page until the total is reached', () => {
    expect(nextPage({ data: [1], meta: { page: { number: 1, size: 10, total: 25 } } }, 10, 10)).toEqual({ cursor: { kind: 'number', value: 2 } });
    expect(nextPage({ data: [1], meta: { page: { number: 3, size: 10, total: 25 } } }, 5, 10)).toEqual({ done: true });
  });

  it('reads a page[after] cursor from meta.page.next or page.next, as a link or bare', () => {
    expect(nextPage({ data: [1], meta: { page: { next: '/v3/users?page[size]=10&page[after]=ewog' } } }, 1, 10)).toEqual({ cursor: { kind: 'after', value: 'ewog' } });
    expect(nextPage({ items: [1], page: { total_count: 250, next: '/v2/control-planes/x/nodes?page[after]=abc' } }, 1, 100)).toEqual({ cursor: { kind: 'after', value: 'abc' } });
    expect(nextPage({ items: [1], page: { next: 'abc' } }, 1, 100)).toEqual({ cursor: { kind: 'after', value: 'abc' } });
    expect(nextPage({ data: [], meta: { page: { next: null } } }, 0, 10)).toEqual({ done: true });
  });

  it('uses offset and next as control-planes-config and mesh answer them', () => {
    expect(nextPage({ data: [1], offset: 'abc', next: '/v2/x?offset=abc' }, 1, 5)).toEqual({ cursor: { kind: 'offset', value: 'abc' } });
    expect(nextPage({ items: [1], total: 9, next: 'https://x/meshes?offset=100&size=100' }, 1, 100)).toEqual({ cursor: { kind: 'offset', value: 100 } });
    expect(nextPage({ data: [1], offset: null, next: null }, 1, 5)).toEqual({ done: true });
  });

  it('reports a scheme it cannot read instead of guessing the list is complete', () => {
    expect(nextPage({ data: [1], next_page_token: 'x' }, 1, 10)).toMatchObject({ unknown: expect.stringMatching(/next_page_token/) as string });
    expect(nextPage([1, 2], 2, 2)).toMatchObject({ unknown: expect.any(String) as string });
    expect(nextPage({ data: [1] }, 1, 10)).toEqual({ done: true });
  });
});

describe('setPageParam and withPageSize', () => {
  it('writes into a deepObject page parameter when that is how the operation takes it', () => {
    expect(setPageParam({ page: { size: 5 } }, deep, 'after', 'c')).toEqual({ page: { size: 5, after: 'c' } });
    expect(setPageParam({}, [], 'after', 'c')).toBeUndefined();
  });

  it('asks for pages up to the operation maximum (100 when it states none) unless the caller chose a size', () => {
    expect(withPageSize({}, numbered, 30, undefined)).toEqual({ query: { 'page[size]': 30 }, size: 30 });
    expect(withPageSize({}, offset, 2_500, 1_000)).toEqual({ query: { size: 1_000 }, size: 1_000 });
    expect(withPageSize({}, offset, 500, undefined)).toEqual({ query: { size: 100 }, size: 100 });
    expect(withPageSize({ 'page[size]': 7 }, numbered, 30, undefined)).toEqual({ query: { 'page[size]': 7 }, size: 7 });
    expect(withPageSize({}, [], 30, undefined)).toEqual({ query: {} });
  });

  it('removes the body cursors that would mislead once pages are merged', () => {
    expect(withoutCursors({ data: [], offset: 'o', next: 'n', meta: { page: { next: 'x', number: 2, size: 5, total: 9 } } })).toEqual({ data: [], meta: { page: { size: 5, total: 9 } } });
    expect(withoutCursors({ items: [], page: { total_count: 3, next: null } })).toEqual({ items: [], page: { total_count: 3 } });
  });
});

describe('collectPages', () => {
  const page = (data: number[], next: string | null): ShapedResponse => ({ status: 200, ok: true, method: 'GET', url: 'u', retries: 1, headers: {}, body: { data, meta: { page: { next, size: 2 } } } });
  const run = (pages: ShapedResponse[], over: Partial<PageRun> = {}): PageRun & { seen: unknown[] } => {
    const seen: unknown[] = [];
    return { query: {}, params: cursor, size: 2, start: { skip: 0 }, maxItems: 10, maxPages: 100, seen, fetchPage: async (query) => (seen.push(query), pages[seen.length - 1]!), ...over };
  };

  it('merges lists across pages and stops at maxItems mid-page, with the position after the last item', async () => {
    const r = run([page([1, 2], '/x?page[after]=b'), page([3, 4], '/x?page[after]=c'), page([5, 6], '/x?page[after]=d')], { maxItems: 5 });
    const out = await collectPages(r);
    expect(r.seen).toEqual([{}, { 'page[after]': 'b' }, { 'page[after]': 'c' }]);
    expect(out.list?.items).toEqual([1, 2, 3, 4, 5]);
    expect(out).toMatchObject({ pages: 3, more: true });
    expect(out.positionOf(5)).toEqual({ cursor: { kind: 'after', value: 'c' }, skip: 1 });
    expect(out.positionOf(3)).toEqual({ cursor: { kind: 'after', value: 'b' }, skip: 1 });
    expect(out.positionOf(0)).toEqual({ cursor: undefined, skip: 0 });
    expect(out.shaped.retries).toBe(3);
  });

  it('starts from a resume position, skipping the items already returned', async () => {
    const r = run([page([3, 4], '/x?page[after]=c'), page([5], null)], { start: { cursor: { kind: 'after', value: 'b' }, skip: 1 } });
    const out = await collectPages(r);
    expect(r.seen[0]).toEqual({ 'page[after]': 'b' });
    expect(out.list?.items).toEqual([4, 5]);
    expect(out.more).toBe(false);
    expect(out.positionOf(2)).toBeUndefined();
  });

  it('keeps what it has when a later page fails, and says why it stopped', async () => {
    const failed: ShapedResponse = { ...page([], null), status: 500, ok: false, body: 'oops', hint: 'A problem on Konnect\'s side.' };
    const out = await collectPages(run([page([1], '/x?page[after]=b'), failed]));
    expect(out).toMatchObject({ pages: 1, more: true, stoppedBy: expect.stringMatching(/^page 2 answered 500/) as string });
    expect(out.positionOf(1)).toEqual({ cursor: { kind: 'after', value: 'b' }, skip: 0 });
  });

  it('keeps what it has when a later page cannot be fetched at all, and rethrows when the first cannot', async () => {
    const dropped = run([page([1], '/x?page[after]=b')]);
    const out = await collectPages({ ...dropped, fetchPage: async (query, n) => (n === 1 ? dropped.fetchPage(query, n, 0) : Promise.reject(new Error('socket hang up'))) });
    expect(out).toMatchObject({ pages: 1, more: true, stoppedBy: 'page 2 failed: socket hang up' });
    expect(out.list?.items).toEqual([1]);
    expect(out.positionOf(1)).toEqual({ cursor: { kind: 'after', value: 'b' }, skip: 0 });
    await expect(collectPages({ ...run([]), fetchPage: () => Promise.reject(new Error('socket hang up')) })).rejects.toThrow('socket hang up');
  });

  it('stops at the page limit, and on a cursor that does not move', async () => {
    const limited = await collectPages(run([page([1], '/x?page[after]=b'), page([2], '/x?page[after]=c')], { maxPages: 1 }));
    expect(limited).toMatchObject({ pages: 1, more: true, stoppedBy: 'the 1-page limit' });
    const stuck = run([page([1], '/x?page[after]=b'), page([2], '/x?page[after]=b'), page([3], null)]);
    const out = await collectPages(stuck);
    expect(stuck.seen).toHaveLength(2);
    expect(out.list?.items).toEqual([1, 2]);
  });
});
