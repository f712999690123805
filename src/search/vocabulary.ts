// The Konnect vocabulary: vocabulary.json (readable data) compiled into stemmed lookup tables.
import { lowercaseWords } from '../text/words.js';
import { stem } from '../text/stem.js';
import type { HttpMethod } from '../catalog/types.js';
import vocabularyData from './vocabulary.json' with { type: 'json' };

export interface VocabularyData {
  stopWords: string[];
  weights: Record<string, number | string>;
  aliases: { words: string[]; means?: string; or?: string[] }[];
  intents: {
    name: string;
    words: string[];
    methods: Partial<Record<HttpMethod, number>>;
    shape?: Shape;
    wordWeight: number;
    hint?: boolean;
  }[];
  analytics: { apis: string[]; means: string; strong: string[]; weak: string[]; records?: { api: string; means?: string; nouns: string[]; markers?: string[]; aggregate: string[] } };
  apiKeywords: Record<string, string>;
  apiScopes?: Record<string, { names: string[]; words: string[] } | string | string[]>;
  particles?: string[];
  contextWords?: string[];
  determiners?: string[];
}

/** What an intent targets: a collection, one item, or whichever the number of the thing named says. */
export type Shape = 'collection' | 'item' | 'number';

export interface Intent {
  name: string;
  methods: Partial<Record<HttpMethod, number>>;
  shape?: Shape | undefined;
  wordWeight: number;
  /** An adjective such as "new" or "details": it hints at the method only when the query has no verb. */
  hint: boolean;
}

/** A verb the vocabulary counts fully as a search word ("revoke", "move", "publish"): it names a job beyond a method. */
export function isSpecificVerb(intent: Intent | undefined): boolean {
  return intent !== undefined && intent.wordWeight >= 1;
}

export interface Entry {
  /** Words the phrase means, all of them, each weighted so that together they count about as one word. */
  means: { term: string; weight: number }[];
  /** Alternatives (each a phrase): each may be what is meant, so each weighs less. */
  or: string[][];
  intent?: Intent;
  analytics: number;
}

export interface Vocabulary {
  stop: Set<string>;
  weights: Map<string, number>;
  /** Stemmed phrase ("tear down" -> "tear down") to what it means. */
  phrases: Map<string, Entry>;
  /**
   * Phrases as typed (lowercase words), where phrases written differently stem alike and mean different things: the
   * verb "set" and "settings", "request logging" and "request logs". A query matches these before the stemmed ones.
   */
  typed: Map<string, Entry>;
  /** Stop words that stem like a vocabulary word ("associated", "associate"): a query keeps them as typed. */
  typedStops: Set<string>;
  longest: number;
  /** The first words (typed and stemmed) of phrases of two words or more: any other word is only looked up alone. */
  phraseStarts: Set<string>;
  particles: Set<string>;
  /** Words a phrase may have in between and still match ("register my app"). */
  determiners: Set<string>;
  /** Prepositions: the words after one describe where, not what ("consumers in a control plane"). */
  context: Set<string>;
  /** Single-word intent words ("list", "delete", ...): a summary's leading verb echoes the method. */
  verbs: Set<string>;
  /** Single-word intent hints ("new", "details"): adjectives that say little about an operation. */
  hints: Set<string>;
  analyticsApis: Set<string>;
  analyticsMeans: string[];
  /** The API of per-request records, the words naming requests, and the words that ask for numbers about them. */
  requestRecordsApi: string;
  /** What a traffic question means when it asks for the requests themselves: the records API's words. */
  recordsMeans: string[];
  requestNouns: Set<string>;
  aggregates: string[][];
  /** Words that ask for requests one at a time ("one by one", "individual"), whatever aggregate word is near. */
  recordMarkers: string[][];
  /** Per api slug (a user spec's comes from its file name: "constructor.yaml"), words to index with its operations. */
  apiKeywords: ReadonlyMap<string, string>;
  /**
   * Per api slug, the stemmed product names and related words that show a query is about it, each phrase written
   * " word word " so that a query's joined tokens can be searched for it whole.
   */
  scopes: Map<string, { names: string[]; words: string[] }>;
  /** Every word the vocabulary knows, so typo correction leaves them alone and may correct to them. */
  words: Set<string>;
  /** The vocabulary's words as it writes them, unstemmed: what a typo may be of. */
  written: Set<string>;
}

const STRONG_SIGNAL = 1;
const WEAK_SIGNAL = 0.4;

export function stems(text: string): string[] {
  return lowercaseWords(text).map(stem);
}

export function compileVocabulary(data: VocabularyData): Vocabulary {
  const phrases = new Map<string, Entry>();
  // Per stemmed phrase, each way it is written with what that form alone means.
  const forms = new Map<string, Map<string, Entry>>();
  const blank = (): Entry => ({ means: [], or: [], analytics: 0 });
  const entries = (phrase: string): Entry[] => {
    const key = stems(phrase).join(' ');
    let e = phrases.get(key);
    if (!e) {
      e = blank();
      phrases.set(key, e);
    }
    let byForm = forms.get(key);
    if (!byForm) {
      byForm = new Map();
      forms.set(key, byForm);
    }
    const typedKey = lowercaseWords(phrase).join(' ');
    let t = byForm.get(typedKey);
    if (!t) {
      t = blank();
      byForm.set(typedKey, t);
    }
    return [e, t];
  };
  for (const a of data.aliases) {
    const words = stems(a.means ?? '');
    const means = words.map((term) => ({ term, weight: 1 / Math.sqrt(words.length) }));
    const or = (a.or ?? []).map(stems);
    for (const w of a.words) {
      for (const e of entries(w)) {
        e.means.push(...means);
        e.or.push(...or);
      }
    }
  }
  for (const i of data.intents) {
    const intent: Intent = { name: i.name, methods: i.methods, shape: i.shape, wordWeight: i.wordWeight, hint: i.hint === true };
    for (const w of i.words) for (const e of entries(w)) e.intent ??= intent;
  }
  for (const w of data.analytics.strong) for (const e of entries(w)) e.analytics = Math.max(e.analytics, STRONG_SIGNAL);
  for (const w of data.analytics.weak) for (const e of entries(w)) e.analytics = Math.max(e.analytics, WEAK_SIGNAL);
  const typed = new Map<string, Entry>();
  for (const byForm of forms.values()) {
    if (byForm.size < 2) continue;
    const readings = new Set([...byForm.values()].map((e) => JSON.stringify(e)));
    if (readings.size > 1) for (const [k, e] of byForm) typed.set(k, e);
  }
  const weights = new Map<string, number>();
  for (const [w, v] of Object.entries(data.weights)) if (typeof v === 'number') weights.set(stem(w), v);
  // A phrase written with an article ("trace a request") also matches without it ("trace the requests").
  const determiners = new Set((data.determiners ?? []).map(stem));
  addBareForms(phrases, determiners);
  addBareForms(typed, new Set(data.determiners ?? []));
  // A stop word that stems like a word the vocabulary writes differently ("associated", "associate") is matched as
  // typed, so it never reads as that word; its stem stays a stop word for operations' words, which are only stemmed.
  // Per stem, the ways the vocabulary writes it: stemmed once each, not once per stop word.
  const writtenAs = new Map<string, Set<string>>();
  for (const byForm of forms.values()) {
    for (const t of [...byForm.keys()].flatMap((k) => k.split(' '))) {
      const s = stem(t);
      writtenAs.set(s, (writtenAs.get(s) ?? new Set()).add(t));
    }
  }
  const stop = new Set<string>();
  const typedStops = new Set<string>();
  // Split as queries are: "it's" is the stop words "it" and "s".
  for (const w of [...data.stopWords, ...(data.contextWords ?? [])].flatMap((x) => lowercaseWords(x))) {
    const s = stem(w);
    if ([...(writtenAs.get(s) ?? [])].some((t) => t !== w)) typedStops.add(w);
    else stop.add(s);
  }
  for (const w of typedStops) stop.add(w).add(stem(w));
  let longest = 1;
  const words = new Set<string>();
  for (const [k, e] of phrases) {
    const parts = k.split(' ');
    longest = Math.max(longest, parts.length);
    for (const w of [...parts, ...e.means.map((m) => m.term), ...e.or.flat()]) words.add(w);
  }
  const phraseStarts = new Set([...typed.keys(), ...phrases.keys()].flatMap((k) => (k.includes(' ') ? [k.slice(0, k.indexOf(' '))] : [])));
  const spaced = (list: string[]): string[] => list.map((p) => ` ${stems(p).join(' ')} `);
  return {
    stop,
    weights,
    phrases,
    typed,
    typedStops,
    longest,
    phraseStarts,
    particles: new Set((data.particles ?? []).map(stem)),
    determiners,
    context: new Set((data.contextWords ?? []).map((w) => (typedStops.has(w) ? w : stem(w)))),
    verbs: new Set(data.intents.filter((i) => !i.hint).flatMap((i) => i.words.filter((w) => !w.includes(' ')).map(stem))),
    hints: new Set(data.intents.filter((i) => i.hint).flatMap((i) => i.words.filter((w) => !w.includes(' ')).map(stem))),
    analyticsApis: new Set(data.analytics.apis),
    analyticsMeans: stems(data.analytics.means),
    requestRecordsApi: data.analytics.records?.api ?? '',
    recordsMeans: stems(data.analytics.records?.means ?? data.analytics.means),
    requestNouns: new Set((data.analytics.records?.nouns ?? []).map(stem)),
    aggregates: (data.analytics.records?.aggregate ?? []).map(stems),
    recordMarkers: (data.analytics.records?.markers ?? []).map(stems),
    apiKeywords: new Map(Object.entries(data.apiKeywords)),
    scopes: new Map(
      Object.entries(data.apiScopes ?? {}).flatMap(([api, v]) =>
        typeof v === 'object' && !Array.isArray(v) ? [[api, { names: spaced(v.names), words: spaced(v.words) }] as const] : [],
      ),
    ),
    words,
    written: new Set([...writtenAs.values()].flatMap((forms) => [...forms])),
  };
}

/** Adds each phrase of two words or more without its determiners, unless that form has a meaning of its own. */
function addBareForms(phrases: Map<string, Entry>, determiners: ReadonlySet<string>): void {
  for (const [k, e] of [...phrases]) {
    const words = k.split(' ');
    const bare = words.filter((w) => !determiners.has(w));
    if (bare.length >= 2 && bare.length < words.length && !phrases.has(bare.join(' '))) phrases.set(bare.join(' '), e);
  }
}

/**
 * Phrases (as typed: forms that only stem alike keep their own meanings) that more than one alias lists: their
 * meanings add up, so each should name two things on purpose ("azure ad" is both a DCR provider and an SSO identity
 * provider), not by accident.
 */
export function repeatedAliasPhrases(data: Pick<VocabularyData, 'aliases'>): string[] {
  const seen = new Map<string, number>();
  for (const a of data.aliases) for (const k of new Set(a.words.map((w) => lowercaseWords(w).join(' ')))) seen.set(k, (seen.get(k) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}

/** The entry of a phrase given as typed words and their stems: the typed form first where forms collide. */
export function phraseEntry(vocab: Vocabulary, typedWords: string[], stemmed: string[]): Entry | undefined {
  return vocab.typed.get(typedWords.join(' ')) ?? vocab.phrases.get(stemmed.join(' '));
}

let bundled: Vocabulary | undefined;

/** The vocabulary shipped with the package, compiled once on first use. */
export function bundledVocabulary(): Vocabulary {
  bundled ??= compileVocabulary(vocabularyData as VocabularyData);
  return bundled;
}
