// Text analysis shared by the indexes (build time) and queries (run time): the two must agree exactly.
// The stemmer is in stem.ts.

/** Splits identifiers on kebab, snake and camelCase boundaries ("MeshHTTPRoute" -> "Mesh HTTP Route", "PATs" stays). */
export function splitWords(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z]{2,})/g, '$1 $2')
    .replace(/[-_/.{}[\]\s]+/g, ' ')
    .trim();
}

/** Literal path segments as words; `{params}` are dropped. */
export function pathWords(path: string): string {
  return splitWords(path.replace(/\{[^}]*\}/g, ' '));
}

/** The last literal path segment: what the operation acts on ("/consumers/{id}/key-auth" -> "key auth"). */
export function resourceWords(path: string): string {
  const literals = path.split('/').filter((s) => s !== '' && !s.startsWith('{') && !s.startsWith('_'));
  return pathWords(literals.at(-1) ?? '');
}

const TOKEN_RE = /[\p{L}\p{N}]+/gu;

/** Runs of letters and digits, case kept: `config.cache_ttl (X-Cache)` -> config, cache, ttl, X, Cache. Both indexes' splitter. */
export function splitTokens(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

/** Lowercase words and numbers; "5xx", "p99" and "oauth2" stay whole. */
export function lowercaseWords(text: string): string[] {
  return splitTokens(text.toLowerCase());
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const JOINERS = new Set(['-', '.', '_']);

/**
 * Per word of lowercaseWords(text), whether a hyphen, dot or underscore joins it to another word ("legacy-users",
 * "billing.internal"): such words name an instance rather than a kind.
 */
export function joinedWords(text: string): boolean[] {
  const lower = text.toLowerCase();
  const joins = (c: string | undefined, far: string | undefined): boolean => c !== undefined && JOINERS.has(c) && far !== undefined && WORD_CHAR.test(far);
  return [...lower.matchAll(TOKEN_RE)].map((m) => {
    const end = m.index + m[0].length;
    return joins(lower[m.index - 1], lower[m.index - 2]) || joins(lower[end], lower[end + 1]);
  });
}

/** Per word of lowercaseWords(text), whether it is the tail of a contraction ("i'd", "we'll", "i've", "i'm", "you're"). */
export function contractionTails(text: string): boolean[] {
  const lower = text.toLowerCase();
  return [...lower.matchAll(TOKEN_RE)].map((m) => TAILS.has(m[0]) && APOSTROPHES.has(lower[m.index - 1] ?? '') && WORD_CHAR.test(lower[m.index - 2] ?? ''));
}

const TAILS = new Set(['d', 'll', 've', 'm', 're']);
const APOSTROPHES = new Set(["'", '\u2019']);

/**
 * Operation search's index-side tokens: each word as written, plus its camelCase parts ("MeshRetry" -> meshretry,
 * mesh, retry). The parts come from splitWords, as the opid and path fields do, so a word stays whole next to digits.
 */
export function tokenizeForIndex(text: string): string[] {
  const out: string[] = [];
  for (const word of splitTokens(text)) {
    out.push(word.toLowerCase());
    const parts = lowercaseWords(splitWords(word));
    if (parts.length > 1) out.push(...parts);
  }
  return out;
}

/**
 * Edit distance with adjacent transpositions ("chekcs" -> "checks" is 1), giving up above max.
 * Returns max + 1 when the words are further apart than max.
 */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}
