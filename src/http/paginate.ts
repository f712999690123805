// maxItems: follows the API's own pagination (page number, page[after] cursor, or offset) up to that many items.
// Only the cursor value is taken from a `next` link; the request itself is rebuilt, so it stays on the same host.
import { errorMessage } from '../errors.js';
import { isObject } from './json.js';
import type { ShapedResponse } from './response.js';
import { findList, withList } from './shrink.js';
import type { ParamSpec } from './spec.js';

export const MAX_PAGES = 50;
export const DEFAULT_PAGE_SIZE = 100;

type Query = Record<string, unknown>;
type PageKey = 'after' | 'number' | 'size' | 'offset';

/** Sets a paging parameter the way the operation spells it (`page[after]`, a deepObject `page`, or `offset`/`size`). */
export function setPageParam(query: Query, params: ParamSpec[], key: PageKey, value: unknown): Query | undefined {
  const declared = new Map(params.filter((p) => p.in === 'query').map((p) => [p.name, p]));
  if ((key === 'offset' || key === 'size') && declared.has(key)) return { ...query, [key]: value };
  if (declared.has(`page[${key}]`)) return { ...query, [`page[${key}]`]: value };
  if (declared.get('page')?.type === 'object') return { ...query, page: { ...(isObject(query.page) ? query.page : {}), [key]: value } };
  return undefined;
}

function hasPageSize(query: Query): boolean {
  return query.size !== undefined || query['page[size]'] !== undefined || (isObject(query.page) && query.page.size !== undefined);
}

/** Asks for pages as large as useful when the caller did not choose a size. */
export function withPageSize(query: Query, params: ParamSpec[], maxItems: number): Query {
  if (hasPageSize(query)) return query;
  return setPageParam(query, params, 'size', Math.min(maxItems, DEFAULT_PAGE_SIZE)) ?? query;
}

/** The cursor carried by a next link such as `/v2/x?page[after]=abc` or `...?offset=abc`. */
function fromLink(link: string, query: Query, params: ParamSpec[]): Query | undefined {
  let url: URL;
  try {
    url = new URL(link, 'http://link.invalid');
  } catch {
    return undefined;
  }
  const after = url.searchParams.get('page[after]');
  if (after) return setPageParam(query, params, 'after', after);
  const number = url.searchParams.get('page[number]');
  if (number && /^\d+$/.test(number)) return setPageParam(query, params, 'number', Number(number));
  const offset = url.searchParams.get('offset');
  if (offset) return setPageParam(query, params, 'offset', /^\d+$/.test(offset) ? Number(offset) : offset);
  return undefined;
}

/** The query for the next page, read from this page's body; undefined at the end or when the API's scheme is unknown. */
export function nextPageQuery(body: unknown, query: Query, params: ParamSpec[]): Query | undefined {
  if (!isObject(body)) return undefined;
  const page = isObject(body.meta) && isObject(body.meta.page) ? body.meta.page : undefined;
  if (page && typeof page.next === 'string' && page.next) return fromLink(page.next, query, params);
  if (page && typeof page.number === 'number' && typeof page.size === 'number' && typeof page.total === 'number') {
    return page.number * page.size < page.total ? setPageParam(query, params, 'number', page.number + 1) : undefined;
  }
  if (typeof body.offset === 'string' && body.offset) return setPageParam(query, params, 'offset', body.offset);
  if (typeof body.next === 'string' && body.next) return fromLink(body.next, query, params);
  return undefined;
}

export type PageFetcher = (query: Query) => Promise<ShapedResponse>;

/** Fetches further pages after `first` until maxItems, the last page, or MAX_PAGES; merges their lists. */
export async function collectPages(first: ShapedResponse, query: Query, params: ParamSpec[], maxItems: number, fetchPage: PageFetcher): Promise<ShapedResponse> {
  const ref = first.ok ? findList(first.body) : undefined;
  if (!ref) return first;
  const items = [...ref.items];
  let pages = 1;
  let retries = first.retries;
  let body = first.body;
  let current = query;
  let stoppedBy: string | undefined;
  let next = nextPageQuery(body, current, params);
  while (items.length < maxItems && next) {
    if (pages >= MAX_PAGES) {
      stoppedBy = `the ${MAX_PAGES}-page limit`;
      break;
    }
    if (JSON.stringify(next) === JSON.stringify(current)) break; // a cursor that does not move
    let res: ShapedResponse;
    try {
      res = await fetchPage(next);
    } catch (err) {
      stoppedBy = `page ${pages + 1} failed: ${errorMessage(err)}`;
      break;
    }
    retries += res.retries;
    const list = res.ok ? findList(res.body) : undefined;
    if (!res.ok || !list) {
      stoppedBy = `page ${pages + 1} answered ${res.status}${res.hint ? ` (${res.hint})` : ''}`;
      break;
    }
    pages++;
    if (list.items.length === 0) {
      next = undefined;
      break;
    }
    items.push(...list.items);
    body = res.body;
    current = next;
    next = nextPageQuery(body, current, params);
  }
  return {
    ...first,
    retries,
    body: withList(first.body, ref, items.slice(0, maxItems)),
    pagination: { pages, items: Math.min(items.length, maxItems), more: items.length > maxItems || next !== undefined, ...(stoppedBy ? { stoppedBy } : {}) },
  };
}
