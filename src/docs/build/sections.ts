// Splits rendered Markdown into sections at headings, with the ids Jekyll gives them.

export interface RawSection {
  /** Heading as written (Markdown), '' for the text before the first heading. */
  heading: string;
  /** Heading id ('' for the intro). */
  anchor: string;
  level: number;
  markdown: string;
}

/**
 * Jekyll's kramdown (GFM input, the Jekyll default) id for a heading's raw text: lowercase,
 * drop everything but letters, digits, `_`, `-`, spaces and tabs, then spaces and tabs become `-`.
 */
export function headingId(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- \t]/gu, '')
    .replace(/[ \t]/g, '-');
}

/** Tracks ids on one page: a repeated id gets `-1`, `-2`, ... like kramdown. */
export class IdAllocator {
  private readonly seen = new Map<string, number>();
  next(base: string): string {
    const n = this.seen.get(base) ?? 0;
    this.seen.set(base, n + 1);
    return n === 0 ? base : `${base}-${n}`;
  }
}

const ATX_RE = /^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const FENCE_RE = /^\s*(`{3,}|~{3,})/;

export function splitSections(markdown: string, ids = new IdAllocator()): RawSection[] {
  const sections: RawSection[] = [];
  let cur: RawSection = { heading: '', anchor: '', level: 0, markdown: '' };
  const body: string[] = [];
  let fence = '';
  const flush = (): void => {
    cur.markdown = body.join('\n');
    body.length = 0;
    sections.push(cur);
  };
  for (const line of markdown.split('\n')) {
    const f = FENCE_RE.exec(line);
    if (fence) {
      if (f && f[1]!.startsWith(fence)) fence = '';
      body.push(line);
      continue;
    }
    if (f) {
      fence = f[1]!;
      body.push(line);
      continue;
    }
    const h = ATX_RE.exec(line);
    if (!h || !h[2]) {
      body.push(line);
      continue;
    }
    flush();
    let text = h[2];
    let explicit: string | undefined;
    const custom = /\s*\{#([\w-]+)\}\s*$/.exec(text);
    if (custom) {
      explicit = custom[1];
      text = text.slice(0, custom.index);
    }
    cur = { heading: text, anchor: explicit ?? ids.next(headingId(text)), level: h[1]!.length, markdown: '' };
  }
  flush();
  return sections;
}
