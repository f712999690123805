// Troubleshooting cues in a query: HTTP statuses, quoted error text, error words. They change what a good answer is.

/** HTTP statuses users quote -> the words docs and error bodies use for them. */
const STATUS_WORDS = new Map<string, string>([
  ['400', 'bad request'],
  ['401', 'unauthorized authentication'],
  ['403', 'forbidden permission'],
  ['404', 'not found'],
  ['405', 'method not allowed'],
  ['409', 'conflict'],
  ['413', 'payload too large'],
  ['429', 'too many requests rate limit'],
  ['500', 'internal server error'],
  ['502', 'bad gateway'],
  ['503', 'service unavailable'],
  ['504', 'gateway timeout'],
]);

const ERROR_WORDS = new Set([
  'error', 'errors', 'fail', 'fails', 'failed', 'failing', 'failure', 'unauthorized', 'forbidden', 'denied', 'refused', 'rejected',
  'timeout', 'timed', 'invalid', 'broken', 'troubleshoot', 'troubleshooting', 'crash', 'crashes', 'exception', 'cannot', 'unable',
]);

/** Longest quoted text kept as a phrase; longer quotes are pasted logs, matched by their words. */
const MAX_PHRASE = 200;

export interface Intent {
  /** The query reports a problem (status, quoted error, error words). */
  troubleshooting: boolean;
  /** Quoted strings, lowercased, to find verbatim in a section. */
  phrases: string[];
  /** Words to add for the statuses the query names. */
  statusWords: string;
}

export function queryIntent(query: string): Intent {
  const phrases: string[] = [];
  // Bounded, non-backtracking: a quote, then up to MAX_PHRASE characters that are not that quote.
  for (const m of query.matchAll(/["“”'`]([^"“”'`\n]{4,200})["“”'`]/g)) {
    const p = m[1]!.trim().toLowerCase();
    if (p.includes(' ') && p.length <= MAX_PHRASE) phrases.push(p);
  }
  const words = query.toLowerCase().split(/[^a-z0-9]+/);
  const statuses = words.filter((w) => STATUS_WORDS.has(w));
  const troubleshooting = phrases.length > 0 || statuses.length > 0 || words.some((w) => ERROR_WORDS.has(w));
  return { troubleshooting, phrases, statusWords: statuses.map((s) => STATUS_WORDS.get(s)).join(' ') };
}

/** Pages that exist to explain problems: error references, troubleshooting guides, support articles, FAQs. */
export function isTroubleshootingPage(url: string, title: string): boolean {
  return /\/support\/|troubleshoot|\/errors?\/|faq|debug/i.test(url) || /\b(errors?|troubleshoot\w*|debug\w*|known issues|faq)\b/i.test(title);
}
