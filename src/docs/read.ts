// Reading a page or section found by search: plain text within a token budget, continued with `next`.
import { ToolInputError } from '../errors.js';
import { boundedDistance } from '../text/words.js';
import { SECTION, type DocsData, type DocText, type TextSource } from './types.js';

export const READ_BUDGET_TOKENS = 6000;

/** Relative links and bare paths resolve against the docs site. */
const DOCS_ORIGIN = 'https://developer.konghq.com/';
/** URLs longer than this are not docs URLs; refusing them keeps the edit distance cheap. */
const MAX_URL = 500;

/**
 * Tokens of a text, estimated from its shape: words, digit runs and punctuation each count, long words count more.
 * Calibrated against gpt-tokenizer (o200k) on the Kong docs to overestimate slightly, so a budget holds.
 */
export function estimateTokens(text: string): number {
  let n = 0;
  for (const m of text.matchAll(/[\p{L}]+|\p{N}{1,3}|[^\s\p{L}\p{N}]/gu)) n += m[0].length > 8 ? Math.ceil(m[0].length / 6) : 1;
  return Math.ceil(n * 1.15);
}

/** Blocks of a text that are not split: paragraphs, and code fences whole. */
function blocks(text: string): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  let fence = '';
  for (const line of text.split('\n')) {
    const f = /^(`{3,}|~{3,})/.exec(line);
    if (fence) {
      cur.push(line);
      if (f && f[1]!.startsWith(fence)) fence = '';
      continue;
    }
    if (f) fence = f[1]!;
    if (line === '' && !fence) {
      if (cur.length) out.push(cur.join('\n'));
      cur = [];
    } else cur.push(line);
  }
  if (cur.length) out.push(cur.join('\n'));
  return out;
}

/** A block larger than the whole budget is cut at lines (a single huge line at characters): [kept, characters consumed]. */
function cutToBudget(block: string, budget: number): [string, number] {
  const lines = block.split('\n');
  let used = 0;
  let i = 0;
  for (; i < lines.length; i++) {
    const t = estimateTokens(lines[i]!) + 1;
    if (used + t > budget) break;
    used += t;
  }
  if (i === 0) {
    const chars = Math.max(1, budget * 2);
    return [block.slice(0, chars), chars];
  }
  const head = lines.slice(0, i).join('\n');
  return [head, head.length + 1];
}

function normalizeUrl(raw: string): { page: string; anchor: string } | undefined {
  let u: URL;
  try {
    u = new URL(raw.trim(), DOCS_ORIGIN);
  } catch {
    return undefined;
  }
  const path = u.pathname.endsWith('/') ? u.pathname : `${u.pathname}/`;
  return { page: `${u.origin.toLowerCase()}${path}`, anchor: decodeURIComponent(u.hash.slice(1)) };
}

interface Cursor {
  section: number;
  /** Blocks of that section already returned. */
  block: number;
  /** Characters of that block already returned (a block cut for size). */
  offset: number;
}

function encodeCursor(c: Cursor): string {
  return `${c.section}.${c.block}.${c.offset}`;
}

function decodeCursor(next: string): Cursor | undefined {
  const m = /^(\d{1,7})\.(\d{1,7})\.(\d{1,9})$/.exec(next);
  return m ? { section: Number(m[1]), block: Number(m[2]), offset: Number(m[3]) } : undefined;
}

export function createReader(data: DocsData, texts: TextSource, budget = READ_BUDGET_TOKENS): (url: string, next?: string) => DocText {
  // Built on the first read, not at load: a search (the usual first call) needs neither.
  let pageByUrl: Map<string, number> | undefined;
  let sectionsOf: Map<number, number[]> | undefined;
  const pageOf = (url: string): number | undefined => {
    if (!pageByUrl) {
      pageByUrl = new Map();
      for (const [i, [, pageUrl]] of data.pages.entries()) {
        const n = normalizeUrl(pageUrl);
        if (n && !pageByUrl.has(n.page)) pageByUrl.set(n.page, i);
      }
    }
    return pageByUrl.get(url);
  };
  const sectionsOfPage = (page: number): number[] => {
    if (!sectionsOf) {
      sectionsOf = new Map();
      for (const [i, [p]] of data.sections.entries()) {
        const list = sectionsOf.get(p);
        if (list) list.push(i);
        else sectionsOf.set(p, [i]);
      }
    }
    return sectionsOf.get(page) ?? [];
  };
  const fullText = (id: number): string => {
    const [, , , start, snippetBytes, fullBytes] = data.sections[id]!;
    return texts(start + snippetBytes, fullBytes);
  };

  function closest(page: string): string[] {
    const max = Math.max(4, Math.floor(page.length / 4));
    return data.pages
      .map(([, url]) => ({ url, d: boundedDistance(page, normalizeUrl(url)?.page ?? url, max) }))
      .filter((c) => c.d <= max)
      .sort((a, b) => a.d - b.d)
      .slice(0, 3)
      .map((c) => c.url);
  }

  /** The section with this anchor and its deeper subsections, or the whole page without an anchor. */
  function partOf(page: number, anchor: string, url: string): number[] {
    const ids = sectionsOfPage(page);
    if (!anchor) return ids;
    const at = ids.findIndex((id) => data.sections[id]![SECTION.anchor] === anchor);
    if (at < 0) {
      const anchors = ids.map((id) => data.sections[id]![SECTION.anchor]).filter(Boolean);
      const near = anchors.filter((a) => boundedDistance(anchor, a, 4) <= 4).slice(0, 5);
      const list = near.length ? near : anchors.slice(0, 10);
      throw new ToolInputError(
        `No section #${anchor} on ${url}.${list.length ? ` Sections there: ${list.map((a) => `#${a}`).join(', ')}.` : ''} Pass the page URL without # to read it all.`,
      );
    }
    const level = data.sections[ids[at]!]![SECTION.level];
    let end = at + 1;
    while (end < ids.length && level > 0 && data.sections[ids[end]!]![SECTION.level] > level) end++;
    return ids.slice(at, end);
  }

  return (rawUrl, next) => {
    const n = rawUrl.length <= MAX_URL ? normalizeUrl(rawUrl) : undefined;
    const page = n ? pageOf(n.page) : undefined;
    if (!n || page === undefined) {
      const near = n ? closest(n.page) : [];
      throw new ToolInputError(
        `No docs page at ${rawUrl.slice(0, 200)}.${near.length ? ` Closest known: ${near.join(', ')}.` : ''} Use a URL from search_docs results, or search with words.`,
      );
    }
    const [title, pageUrl] = data.pages[page]!;
    const ids = partOf(page, n.anchor, pageUrl);
    const url = n.anchor ? `${pageUrl}#${n.anchor}` : pageUrl;
    const section = n.anchor ? data.sections[ids[0]!]![SECTION.heading] : '';
    let cursor: Cursor = { section: ids[0] ?? 0, block: 0, offset: 0 };
    if (next !== undefined) {
      const c = decodeCursor(next);
      if (!c || !ids.includes(c.section)) throw new ToolInputError(`next "${next.slice(0, 40)}" does not belong to ${url}. Pass the next value from the previous answer for the same URL, or leave it out to start over.`);
      cursor = c;
    }

    const out: string[] = [];
    let used = 0;
    for (let k = ids.indexOf(cursor.section); k < ids.length; k++) {
      const id = ids[k]!;
      const [, , heading, , , , level] = data.sections[id]!;
      const parts = blocks(fullText(id));
      const first = id === cursor.section ? cursor.block : 0;
      if (first === 0 && heading) {
        const line = `${'#'.repeat(Math.max(2, level))} ${heading}`;
        used += estimateTokens(line) + 2;
        out.push(line);
      }
      for (let b = first; b < parts.length; b++) {
        let block = parts[b]!;
        const offset = id === cursor.section && b === cursor.block ? cursor.offset : 0;
        if (offset) block = block.slice(offset);
        const cost = estimateTokens(block) + 2;
        if (used + cost <= budget) {
          out.push(block);
          used += cost;
          continue;
        }
        // A block that fits on its own waits for the next part; only one larger than a whole part is cut.
        if (out.length > 0 && cost <= budget) return { title, url, section, text: out.join('\n\n'), next: encodeCursor({ section: id, block: b, offset: 0 }) };
        const [head, consumed] = cutToBudget(block, budget - used);
        out.push(head);
        const more = consumed < block.length;
        if (!more && b + 1 >= parts.length && k + 1 >= ids.length) return { title, url, section, text: out.join('\n\n') };
        const at = more ? { section: id, block: b, offset: offset + consumed } : { section: id, block: b + 1, offset: 0 };
        return { title, url, section, text: out.join('\n\n'), next: encodeCursor(at) };
      }
    }
    return { title, url, section, text: out.join('\n\n') };
  };
}
