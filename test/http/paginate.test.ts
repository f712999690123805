import { describe, expect, it } from 'vitest';
import { collectPages, nextPageQuery, setPageParam, withPageSize } from '../../src/http/paginate.js';
import type { ShapedResponse } from '../../src/http/response.js';
import type { ParamSpec } from '../../src/http/spec.js';

const q = (name: string, type?: string): ParamSpec => ({ name, in: 'query', required: false, ...(type ? { type } : {}) });
const numbered = [q('page[size]'), q('page[number]')];
const cursor = [q('page[size]'), q('page[after]')];
const offset = [q('size'), q('offset')];
const deep = [q('page', 'object')];

describe('nextPageQuery', () => {
  it('follows page[number] from meta.page until the total is reached', () => {
    expect(nextPageQuery({ data: [1], meta: { page: { number: 1, size: 10, total: 25 } } }, { 'page[size]': 10 }, numbered)).toEqual({ 'page[size]': 10, 'page[number]': 2 });
    expect(nextPageQuery({ data: [1], meta: { page: { number: 3, size: 10, total: 25 } } }, {}, numbered)).toBeUndefined();
  });

  it('reads the page[after] cursor from meta.page.next', () => {
    const body = { data: [1], meta: { page: { next: '/v3/users?page[size]=10&page[after]=ewog', size: 10 } } };
    expect(nextPageQuery(body, { 'page[size]': 10 }, cursor)).toEqual({ 'page[size]': 10, 'page[after]': 'ewog' });
    expect(nextPageQuery({ data: [], meta: { page: { next: null } } }, {}, cursor)).toBeUndefined();
  });

  it('uses offset and next as control-planes-config and mesh answer them', () => {
    expect(nextPageQuery({ data: [1], offset: 'abc', next: '/v2/x?offset=abc' }, { size: 5 }, offset)).toEqual({ size: 5, offset: 'abc' });
    expect(nextPageQuery({ items: [1], total: 9, next: 'https://x/meshes?offset=100&size=100' }, {}, offset)).toEqual({ offset: 100 });
    expect(nextPageQuery({ data: [1], offset: null, next: null }, {}, offset)).toBeUndefined();
  });

  it('writes into a deepObject page parameter when that is how the operation takes it', () => {
    expect(setPageParam({ page: { size: 5 } }, deep, 'after', 'c')).toEqual({ page: { size: 5, after: 'c' } });
  });

  it('gives up when the operation has no parameter for the cursor', () => {
    expect(nextPageQuery({ data: [1], meta: { page: { next: '/x?page[after]=c' } } }, {}, [])).toBeUndefined();
  });
});

describe('withPageSize', () => {
  it('asks for min(maxItems, 100) per page unless the caller chose a size', () => {
    expect(withPageSize({}, numbered, 30)).toEqual({ 'page[size]': 30 });
    expect(withPageSize({}, offset, 500)).toEqual({ size: 100 });
    expect(withPageSize({ 'page[size]': 7 }, numbered, 30)).toEqual({ 'page[size]': 7 });
    expect(withPageSize({}, [], 30)).toEqual({});
  });
});

describe('collectPages', () => {
  const page = (data: number[], next: string | null): ShapedResponse => ({ status: 200, ok: true, method: 'GET', url: 'u', retries: 1, headers: {}, body: { data, meta: { page: { next, size: 2 } } } });

  it('merges lists across pages and stops at maxItems, saying more exist', async () => {
    const seen: unknown[] = [];
    const out = await collectPages(page([1, 2], '/x?page[after]=b'), {}, cursor, 5, async (query) => {
      seen.push(query);
      return seen.length === 1 ? page([3, 4], '/x?page[after]=c') : page([5, 6], '/x?page[after]=d');
    });
    expect(seen).toEqual([{ 'page[after]': 'b' }, { 'page[after]': 'c' }]);
    expect(out.body).toEqual({ data: [1, 2, 3, 4, 5], meta: { page: { next: '/x?page[after]=b', size: 2 } } });
    expect(out.pagination).toEqual({ pages: 3, items: 5, more: true });
    expect(out.retries).toBe(3);
  });

  it('stops at the last page', async () => {
    const out = await collectPages(page([1], '/x?page[after]=b'), {}, cursor, 10, async () => page([2], null));
    expect(out.pagination).toEqual({ pages: 2, items: 2, more: false });
  });

  it('keeps what it has when a later page fails, and says why it stopped', async () => {
    const failed: ShapedResponse = { ...page([], null), status: 500, ok: false, body: 'oops', hint: 'A problem on Konnect\'s side.' };
    const out = await collectPages(page([1], '/x?page[after]=b'), {}, cursor, 10, async () => failed);
    expect(out.pagination).toMatchObject({ pages: 1, items: 1, more: true, stoppedBy: expect.stringMatching(/^page 2 answered 500/) as string });
  });

  it('stops on a cursor that does not move', async () => {
    let calls = 0;
    const out = await collectPages(page([1], '/x?page[after]=b'), {}, cursor, 10, async () => {
      calls++;
      return page([2], '/x?page[after]=b');
    });
    expect(calls).toBe(1);
    expect(out.pagination?.items).toBe(2);
  });
});
