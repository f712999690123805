// Text analysis shared by the index (build time) and queries (run time): the two must agree exactly.

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

/** Lowercase words and numbers; "5xx", "p99" and "oauth2" stay whole. */
export function lowercaseWords(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** Index-side tokens: each word as written, plus its camelCase parts ("MeshRetry" -> meshretry, mesh, retry). */
export function tokenizeForIndex(text: string): string[] {
  const out: string[] = [];
  for (const word of text.match(/[A-Za-z0-9]+/g) ?? []) {
    out.push(word.toLowerCase());
    const parts = lowercaseWords(splitWords(word));
    if (parts.length > 1) out.push(...parts);
  }
  return out;
}

const VOWEL = /[aeiouy]/;
/** Words whose final e tells them apart from another Konnect word ("plane" is not "plan"). */
const KEEP_E = new Set(['plane']);

/**
 * A light English stemmer: folds plurals, -ing and -ed, and a final e, so "routes", "routing" and "route" meet,
 * as do "enabled" and "enable". Not a linguistic stemmer; it only has to be consistent on both sides.
 */
export function stem(word: string): string {
  let w = word;
  if (/^[0-9]/.test(w)) return /^[0-9][0-9a-z]*[0-9x]s$/.test(w) ? w.slice(0, -1) : w; // "502s", "5xxs"
  if (w.length <= 3) return w;
  if (/ie[sd]$/.test(w) && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(sses|xes|ches|shes|zzes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length - 3 >= 4 && VOWEL.test(w.slice(0, -3))) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length - 2 >= 4 && VOWEL.test(w.slice(0, -2))) w = undouble(w.slice(0, -2));
  if (w.endsWith('e') && w.length > 4 && !KEEP_E.has(w)) w = w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  const last = w.at(-1);
  return last && w.at(-2) === last && !/[lsz]/.test(last) ? w.slice(0, -1) : w;
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
