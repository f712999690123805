// How well the best hit matches the query's own words: a query the API cannot answer ("restart a data plane")
// still finds operations, through a word or two; `confidence` says so instead of letting a score look sure.
import type { AnalyzedQuery } from './query.js';
import { isSpecificVerb, phraseEntry, type Vocabulary } from './vocabulary.js';
import type { Confidence } from '../catalog/types.js';
import { lowercaseWords } from '../text/words.js';
import answerableData from './answerable-words.json' with { type: 'json' };

/**
 * Fields that are evidence about an operation rather than its own words: Kong's docs around it, the allowed values
 * of its parameters and body ("Deployer" for assign-role), and the words of questions it answers (`asked`). A query
 * word found only there is not one the operation answers to by name.
 */
const EVIDENCE = new Set(['docs', 'values', 'asked']);

function isEvidence(field: string): boolean {
  return EVIDENCE.has(field);
}

export interface MatchShare {
  own: number;
  withDocs: number;
}

/**
 * Weighted share of the query's parts (a word or phrase as typed, with what the vocabulary says it means) that the
 * best hit has in its own fields, and in its evidence (docs, allowed values) too.
 */
export function matchShare(
  q: AnalyzedQuery,
  isAnalytics: boolean,
  queryTerms: readonly string[],
  match: Readonly<Record<string, string[]>>,
): MatchShare {
  const total = q.parts.reduce((s, p) => s + p.weight, 0);
  if (total === 0) return { own: 0, withDocs: 0 };
  const prefixed = prefixTerms(q);
  const fields = new Map(queryTerms.map((t) => [t, fieldsMatching(match, t, prefixed)]));
  let own = 0;
  let withDocs = 0;
  for (const p of q.parts) {
    const f = p.terms.flatMap((t) => [...(fields.get(t) ?? [])]);
    if (f.length > 0 || (p.analytics && isAnalytics)) withDocs += p.weight;
    if (f.some((x) => !isEvidence(x)) || (p.analytics && isAnalytics)) own += p.weight;
  }
  return { own: own / total, withDocs: withDocs / total };
}

/** Words as typed this long are also searched as prefixes ("config" finds configur); others only whole. */
const PREFIX_MIN = 5;

const prefixCache = new WeakMap<AnalyzedQuery['terms'], ReadonlySet<string>>();

/**
 * The query terms searched as prefixes too (the search's `prefix` option): another term's longer match is not theirs.
 * Once per query: the search, the evidence discount, confidence and plugin goals all read it.
 */
export function prefixTerms(q: Pick<AnalyzedQuery, 'terms'>): ReadonlySet<string> {
  let out = prefixCache.get(q.terms);
  if (!out) {
    out = new Set(q.terms.filter((t) => t.original && t.term.length >= PREFIX_MIN).map((t) => t.term));
    prefixCache.set(q.terms, out);
  }
  return out;
}

/** The fields in which a hit matched a query term, whole or, if it was searched as one (`prefixed`), as a prefix. */
export function fieldsMatching(match: Readonly<Record<string, string[]>>, term: string, prefixed: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const prefix = prefixed.has(term);
  for (const t of Object.keys(match)) if (reaches(t, term, prefix)) for (const f of match[t]!) out.add(f);
  return out;
}

/** Whether a hit's index term `t` is the query term, or starts with it when the term was searched as a prefix. */
export function reaches(t: string, term: string, prefix: boolean): boolean {
  return t === term || (prefix && t.startsWith(term));
}

/**
 * The query's lead word (its verb, usually) asks for what no operation names ("restart", "compile", "clone"): the best
 * hit does not have it in its own fields, no summary, operationId or path has it (`named`), and it is not a plain verb the
 * vocabulary maps to a method ("add", "change"), nor another word the vocabulary explains, unless it is a specific verb
 * ("restore", "copy") or was read as a typo of a known word ("drain" as "drawn").
 */
export function foreignLead(q: AnalyzedQuery, vocab: Vocabulary, named: ReadonlySet<string>, match: Readonly<Record<string, string[]>>): boolean {
  const lead = q.lead;
  if (!lead || named.has(lead.typed)) return false;
  const intent = phraseEntry(vocab, [lead.raw], [lead.token])?.intent;
  if (intent ? intent.hint || !isSpecificVerb(intent) : vocab.words.has(lead.typed) && lead.typed === lead.token) return false;
  const terms = q.parts.find((p) => p.terms.includes(lead.token))?.terms ?? [lead.token];
  const prefixed = prefixTerms(q);
  return !terms.some((t) => inOwnFields(match, t, prefixed));
}

/** Matched, whole or as a prefix (see fieldsMatching), in a field of the operation's own (its evidence aside). */
export function inOwnFields(match: Readonly<Record<string, string[]>>, term: string, prefixed: ReadonlySet<string>): boolean {
  return [...fieldsMatching(match, term, prefixed)].some((f) => !isEvidence(f));
}

/**
 * Calibrated on the tuning sets (answerable questions, each searched in a catalog whose `asked` field was built
 * without its quarter of the question files, as train:reorder does) and search-negative-dev*.jsonl (unanswerable
 * ones), the word table left out file by file: the weights that mark fewest answerable questions low while more
 * than 85% of the unanswerable ones are (3.5% of answerable ones, where the fit without the table marked 23%).
 */
export const CONFIDENCE = { own: 3, withDocs: 5, foreignLead: 1.5, answerable: 1, low: 7.5, high: 9.5 };

/** Per word, the log odds that a question using it is one the API answers (answerable-words.json). */
export interface AnswerableWords {
  /** The value of a word no tuning question used: new words lean to questions the API does not answer. */
  unseen: number;
  words: ReadonlyMap<string, number>;
}

/** The table as `npm run train:asked` writes it; a malformed one reads as no evidence either way. */
export function readAnswerableWords(json: unknown = answerableData): AnswerableWords {
  const data = json as { unseen?: unknown; words?: unknown } | null;
  const words = new Map<string, number>();
  if (typeof data?.words === 'object' && data.words !== null) {
    for (const [w, v] of Object.entries(data.words)) if (typeof v === 'number' && Number.isFinite(v)) words.set(w, v);
  }
  const unseen = typeof data?.unseen === 'number' && Number.isFinite(data.unseen) && words.size > 0 ? data.unseen : 0;
  return { unseen, words };
}

/** Read on the first search, not at start-up. */
let bundledAnswerable: AnswerableWords | undefined;

const CONTENT_WORD = /^[a-z]{3,}$/;

/** A word as the learned tables count it: lowercase letters only, three or more. */
export function isContentWord(word: string): boolean {
  return CONTENT_WORD.test(word);
}

/**
 * The words of a question or query as typed, each once, stop words dropped: what train:asked counts for the `asked`
 * field and the answerable words, and what a query is looked up by, so the two always agree.
 */
export function contentWords(text: string, stop: ReadonlySet<string>): Set<string> {
  return new Set(lowercaseWords(text).filter((w) => isContentWord(w) && !stop.has(w)));
}

/**
 * How much a query's words lean to questions the API answers (above 0) or to ones it does not ("restart the kong
 * process", "buy more licences"): the sum of each word's log odds, learned from the tuning questions and the sets of
 * questions no operation answers (naive Bayes over contentWords).
 */
export function answerability(query: string, stop: ReadonlySet<string>, table: AnswerableWords = (bundledAnswerable ??= readAnswerableWords())): number {
  let sum = 0;
  for (const w of contentWords(query, stop)) sum += table.words.get(w) ?? table.unseen;
  return sum;
}

/**
 * Low when the best hit is weak and covers few of the query's parts: its score alone misleads (one rare word can
 * score high), and so does coverage alone (one generic word can cover a short query). A lead word that no operation
 * names counts against the fit: the query's other words may all be Konnect's, but not what it asks to do. So do
 * words that questions the API cannot answer use, and words no tuning question used (`answerable`, above).
 */
export function confidenceOf(score: number, share: MatchShare, foreign = false, answerable = 0): Confidence {
  const fit =
    Math.log1p(Math.max(0, score)) +
    CONFIDENCE.own * share.own +
    CONFIDENCE.withDocs * share.withDocs -
    (foreign ? CONFIDENCE.foreignLead : 0) +
    CONFIDENCE.answerable * answerable;
  return fit < CONFIDENCE.low ? 'low' : fit < CONFIDENCE.high ? 'medium' : 'high';
}
