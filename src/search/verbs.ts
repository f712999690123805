// English verbs, cut at build time from a part-of-speech lexicon (scripts/lib/verb-list.ts): a request that opens
// with a verb the vocabulary does not know ("keep our db password in aws secrets manager", "ban the spammy
// developer") still asks to do something, where a bare noun phrase ("zone ingress proxies") asks to see.

/** The stored form (inside the search index JSON): words in code-unit order, separated by single spaces. */
export interface VerbListJson {
  /** Words mostly used as verbs ("keep", "hide"). */
  usually: string;
  /** Words that can be verbs but are mostly something else ("group", "ban", "request"). */
  also: string;
}

export type VerbReading = 'usually' | 'also';

const WORDS_RE = /^(?:[a-z]+(?: [a-z]+)*)?$/;

export class EnglishVerbs {
  private readonly words = new Map<string, VerbReading>();

  constructor(readonly json: VerbListJson) {
    for (const w of json.also.split(' ')) if (w !== '') this.words.set(w, 'also');
    for (const w of json.usually.split(' ')) if (w !== '') this.words.set(w, 'usually');
  }

  /** How a lowercase word as typed reads: mostly a verb, possibly one, or not one. */
  reading(word: string): VerbReading | undefined {
    return this.words.get(word);
  }
}

/** Reads the list from the prebuilt index: malformed or missing lists give none (no imperative reading). */
export function readVerbList(json: unknown): EnglishVerbs | undefined {
  const v = json as Partial<VerbListJson> | null | undefined;
  if (!v || typeof v.usually !== 'string' || typeof v.also !== 'string' || !WORDS_RE.test(v.usually) || !WORDS_RE.test(v.also)) return undefined;
  return new EnglishVerbs(v as VerbListJson);
}
