// Pages through a list the way its API does it: `size` + opaque `offset` (core entities), `page[number]` with
// meta.page.{number,size,total}, or `page[after]` cursors from meta.page.next or page.next (a link or a bare cursor).
// Only the cursor value is taken from a `next` link; the request itself is rebuilt, so it stays on the same host.
import { errorMessage } from '../errors.js';
import { isObject, type Raw } from '../json.js';
import type { ShapedResponse } from './response.js';
import { findList, withList, type ListRef } from './shrink.js';
import type { ParamSpec } from './spec.js';

export const MAX_PAGES = 100;
export const MAX_ITEMS = 10_000;
export const DEFAULT_PAGE_SIZE = 100;

type Query = Record<string, unknown>;
export type CursorKind = 'after' | 'number' | 'offset';
type PageKey = CursorKind | 'size';

/** Which page to ask for: a page[after] cursor, a page number or an offset. */
export interface PageCursor {
  kind: CursorKind;
  value: string | number;
}

/** Where an item lives: the page to fetch (none: the first) and how many of that page's items come before it. */
export interface Position {
  cursor?: PageCursor | undefined;
  skip: number;
}

/** Sets a paging parameter the way the operation spells it (`page[after]`, a deepObject `page`, or `offset`/`size`). */
export function setPageParam(query: Query, params: ParamSpec[], key: PageKey, value: unknown): Query | undefined {
  const declared = new Set(params.filter((p) => p.in === 'query').map((p) => p.name));
  if ((key === 'offset' || key === 'size') && declared.has(key)) return { ...query, [key]: value };
  if (declared.has(`page[${key}]`)) return { ...query, [`page[${key}]`]: value };
  const page = params.find((p) => p.in === 'query' && p.name === 'page');
  if (page?.type === 'object') return { ...query, page: { ...(isObject(query.page) ? query.page : {}), [key]: value } };
  return undefined;
}

/** The page size the caller chose, if any. */
export function pageSizeOf(query: Query): number | undefined {
  const v = query.size ?? query['page[size]'] ?? (isObject(query.page) ? query.page.size : undefined);
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Asks for pages as large as useful (up to the operation's own maximum) when the caller did not choose a size. */
export function withPageSize(query: Query, params: ParamSpec[], wanted: number, maxSize: number | undefined): { query: Query; size?: number } {
  const chosen = pageSizeOf(query);
  if (chosen) return { query, size: chosen };
  const size = Math.max(1, Math.min(wanted, maxSize ?? DEFAULT_PAGE_SIZE));
  const q = setPageParam(query, params, 'size', size);
  return q ? { query: q, size } : { query };
}

export function applyCursor(query: Query, params: ParamSpec[], cursor: PageCursor | undefined): Query | undefined {
  return cursor ? setPageParam(query, params, cursor.kind, cursor.value) : query;
}

/** The cursor carried by a next link such as `/v2/x?page[after]=abc` or `...?offset=abc`, or a bare cursor. */
function fromLink(link: string): PageCursor | undefined {
  if (!link.includes('?') && !link.includes('/')) return { kind: 'after', value: link };
  let url: URL;
  try {
    url = new URL(link, 'http://link.invalid');
  } catch {
    return undefined;
  }
  const after = url.searchParams.get('page[after]');
  if (after) return { kind: 'after', value: after };
  const number = url.searchParams.get('page[number]');
  if (number && /^\d{1,9}$/.test(number)) return { kind: 'number', value: Number(number) };
  const offset = url.searchParams.get('offset');
  if (offset) return { kind: 'offset', value: /^\d{1,15}$/.test(offset) ? Number(offset) : offset };
  return undefined;
}

/** What a page says about the next one: its cursor, that it was the last, or that its scheme is unknown. */
export type NextPage = { cursor: PageCursor } | { done: true } | { unknown: string };

const FOREIGN_CURSORS = ['cursor', 'next_cursor', 'next_page', 'next_page_token', 'nextPageToken', 'has_more', 'links', 'after'];

function pageObject(body: Raw): Raw | undefined {
  if (isObject(body.meta) && isObject(body.meta.page)) return body.meta.page;
  return isObject(body.page) ? body.page : undefined;
}

/** Reads the next page from this page's body; `count` is how many items it held and `size` what was asked for. */
export function nextPage(body: unknown, count: number, size: number | undefined): NextPage {
  if (!isObject(body)) return size !== undefined && count >= size ? { unknown: 'the list is a bare array as long as the page size' } : { done: true };
  const page = pageObject(body);
  if (page && 'next' in page) {
    if (typeof page.next === 'string' && page.next) {
      const cursor = fromLink(page.next);
      return cursor ? { cursor } : { unknown: 'its next link carries no page[after], page[number] or offset' };
    }
    return { done: true };
  }
  if (page && typeof page.number === 'number' && typeof page.size === 'number') {
    if (typeof page.total === 'number') return page.number * page.size < page.total ? { cursor: { kind: 'number', value: page.number + 1 } } : { done: true };
    return count >= page.size ? { cursor: { kind: 'number', value: page.number + 1 } } : { done: true };
  }
  if ('offset' in body || 'next' in body) {
    if ((typeof body.offset === 'string' && body.offset) || typeof body.offset === 'number') return { cursor: { kind: 'offset', value: body.offset } };
    if (typeof body.next === 'string' && body.next) {
      const cursor = fromLink(body.next);
      return cursor ? { cursor } : { unknown: 'its next link carries no page[after], page[number] or offset' };
    }
    return { done: true };
  }
  const foreign = FOREIGN_CURSORS.find((k) => k in body);
  if (foreign) return { unknown: `it pages with "${foreign}"` };
  if (page) return { unknown: 'its page object has no next, number or total' };
  return { done: true };
}

/** How the pages of one call were collected. */
export interface Collected {
  /** The first answer, or the merged list in the first answer's envelope, the body's own cursors removed. */
  shaped: ShapedResponse;
  /** Present when the answer is a list: its items (at most maxItems) and where each came from. */
  list?: { ref: ListRef; items: unknown[] };
  pages: number;
  /** true when items remain, "unknown" when the API's paging scheme could not be read. */
  more: boolean | 'unknown';
  stoppedBy?: string;
  hint?: string;
  /** Where item i of the list lives (i === items.length: the item after the last). */
  positionOf: (i: number) => Position | undefined;
}

export interface PageRun {
  /** The caller's query with the page size set. */
  query: Query;
  params: ParamSpec[];
  size: number | undefined;
  start: Position;
  maxItems: number;
  maxPages: number;
  fetchPage: (query: Query, page: number, itemsSoFar: number) => Promise<ShapedResponse>;
}

interface PageRecord {
  cursor: PageCursor | undefined;
  firstIndex: number;
  skipped: number;
  kept: number;
  length: number;
}

/** Removes the body's own cursor fields, which would point somewhere else once pages are merged or cut. */
export function withoutCursors(body: unknown): unknown {
  if (!isObject(body)) return body;
  const out: Raw = { ...body };
  delete out.offset;
  delete out.next;
  for (const key of ['meta', 'page'] as const) {
    const holder = key === 'meta' ? out.meta : out;
    const page = isObject(holder) ? holder.page : undefined;
    if (!isObject(page)) continue;
    const { next: _next, number: _number, ...rest } = page;
    if (key === 'meta' && isObject(out.meta)) out.meta = { ...out.meta, page: rest };
    else out.page = rest;
  }
  return out;
}

const sameCursor = (a: PageCursor | undefined, b: PageCursor | undefined): boolean => a?.kind === b?.kind && a?.value === b?.value;

/** Fetches pages from `start` until maxItems, the last page, or maxPages, and merges their lists. */
export async function collectPages(run: PageRun): Promise<Collected> {
  const records: PageRecord[] = [];
  const items: unknown[] = [];
  let cursor = run.start.cursor;
  let skip = run.start.skip;
  let first: ShapedResponse | undefined;
  let ref: ListRef | undefined;
  let retries = 0;
  let next: NextPage = { done: true };
  let stoppedBy: string | undefined;
  let lastFull = true; // whether the last page's items were all kept
  for (;;) {
    const query = applyCursor(run.query, run.params, cursor);
    if (!query) {
      next = { unknown: `the operation declares no parameter for its ${cursor?.kind} cursor` };
      break;
    }
    let res: ShapedResponse;
    try {
      res = await run.fetchPage(query, records.length + 1, items.length);
    } catch (err) {
      if (!first) throw err;
      stoppedBy = `page ${records.length + 1} failed: ${errorMessage(err)}`;
      break;
    }
    retries += res.retries;
    const list = res.ok ? findList(res.body) : undefined;
    if (!first) {
      first = res;
      ref = list;
      if (!list) return { shaped: res, pages: 1, more: false, positionOf: () => undefined };
    } else if (!list) {
      stoppedBy = `page ${records.length + 1} answered ${res.status}${res.hint ? ` (${res.hint})` : ''}`;
      break;
    }
    const page = list!.items;
    const taken = page.slice(skip, skip + (run.maxItems - items.length));
    records.push({ cursor, firstIndex: items.length, skipped: skip, kept: taken.length, length: page.length });
    items.push(...taken);
    lastFull = skip + taken.length >= page.length;
    next = page.length === 0 ? { done: true } : nextPage(res.body, page.length, run.size);
    skip = 0;
    if (!('cursor' in next) || items.length >= run.maxItems) break;
    if (sameCursor(next.cursor, cursor)) {
      next = { done: true }; // a cursor that does not move
      break;
    }
    if (records.length >= run.maxPages) {
      stoppedBy = `the ${run.maxPages}-page limit`;
      break;
    }
    cursor = next.cursor;
  }
  const shaped = { ...first!, retries };
  const last = records.at(-1);
  // Past the last item kept: inside the last page when it was not used up, else at the next page's cursor.
  const inLast: Position | undefined = last ? { cursor: last.cursor, skip: last.skipped + last.kept } : undefined;
  const after = !lastFull ? inLast : 'cursor' in next ? { cursor: next.cursor, skip: 0 } : stoppedBy ? inLast : undefined;
  const positionOf = (i: number): Position | undefined => {
    if (i >= items.length) return after;
    const rec = records.findLast((r) => r.firstIndex <= i);
    return rec ? { cursor: rec.cursor, skip: rec.skipped + (i - rec.firstIndex) } : undefined;
  };
  const more: boolean | 'unknown' = 'unknown' in next && lastFull ? 'unknown' : after !== undefined;
  return {
    shaped,
    list: { ref: ref!, items },
    pages: records.length,
    more,
    ...(stoppedBy ? { stoppedBy } : {}),
    ...('unknown' in next && lastFull ? { hint: `konnect-mcp cannot tell whether more items exist: ${next.unknown}. Page yourself with the API's own parameters in query.` } : {}),
    positionOf,
  };
}

/** The merged list in the first page's envelope, cursor fields removed. */
export function mergedBody(collected: Collected, items: unknown[]): unknown {
  if (!collected.list) return collected.shaped.body;
  return withoutCursors(withList(collected.shaped.body, collected.list.ref, items));
}
