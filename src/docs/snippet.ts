// Snippets: 300-500 characters of a section around the words that matched.
import { SECTION, type DocsData } from './types.js';
import { processTerm } from './terms.js';

export const SNIPPET_MIN = 300;
export const SNIPPET_MAX = 500;
/** Window length aimed for, leaving room for the ellipses and word boundaries. */
const WINDOW = 440;
/** Context kept before the first matched word. */
const LEAD = 80;

/** The section's text, continued with the following sections of its page (then the description) when short. */
function sourceText(data: DocsData, textOf: (id: number) => string, id: number, description: string): string {
  const sections = data.sections;
  const page = sections[id]![SECTION.page];
  let text = textOf(id);
  for (let k = id + 1; text.length < SNIPPET_MIN + 100 && sections[k]?.[SECTION.page] === page; k++) {
    const heading = sections[k]![SECTION.heading];
    const more = textOf(k);
    if (more) text = [text, heading && `${heading}:`, more].filter(Boolean).join(' ');
  }
  if (text.length < SNIPPET_MIN && description) text = text ? `${description} ${text}` : description;
  return text;
}

type TermsOf = (word: string) => string[];

/** Index terms of a word, remembered: snippets stem the same words again and again. */
export function memoTerms(limit = 50_000): TermsOf {
  const cache = new Map<string, string[]>();
  return (word) => {
    let terms = cache.get(word);
    if (!terms) {
      if (cache.size >= limit) cache.clear();
      terms = processTerm(word) ?? [];
      cache.set(word, terms);
    }
    return terms;
  };
}

function matches(text: string, terms: Set<string>, termsOf: TermsOf): { at: number; term: string }[] {
  const found: { at: number; term: string }[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    for (const t of termsOf(m[0])) {
      const hit = terms.has(t) ? t : [...terms].find((q) => q.length > 3 && t.startsWith(q));
      if (hit) {
        found.push({ at: m.index, term: hit });
        break;
      }
    }
  }
  return found;
}

/** Start of the window holding the most distinct query terms. */
function bestStart(found: { at: number; term: string }[]): number {
  let best = 0;
  let bestCount = 0;
  for (let i = 0; i < found.length; i++) {
    const start = found[i]!.at;
    const seen = new Set<string>();
    for (let j = i; j < found.length && found[j]!.at < start + WINDOW - LEAD; j++) seen.add(found[j]!.term);
    if (seen.size > bestCount) {
      bestCount = seen.size;
      best = start;
    }
  }
  return best;
}

/** `textOf(id)`: a section's snippet source text. */
export function makeSnippet(
  data: DocsData,
  textOf: (id: number) => string,
  id: number,
  terms: string[],
  description: string,
  termsOf: TermsOf = memoTerms(),
): string {
  const text = sourceText(data, textOf, id, description);
  if (text.length <= SNIPPET_MAX) return text;
  const hitAt = bestStart(matches(text, new Set(terms), termsOf));
  let start = Math.max(0, Math.min(hitAt - LEAD, text.length - WINDOW));
  if (start < LEAD) start = 0;
  else {
    // Begin at a sentence if one starts shortly before, else at a word.
    const sentence = text.lastIndexOf('. ', start + 40);
    start = sentence > start - LEAD ? sentence + 2 : text.indexOf(' ', start) + 1;
  }
  let end = start + WINDOW;
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start + SNIPPET_MIN) end = space;
  } else end = text.length;
  const body = text.slice(start, end).trim();
  return `${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}`;
}
