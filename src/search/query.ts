// Query analysis: plain words -> weighted search terms, an intent (method hint), an analytics signal and the
// product scopes, using the compiled Konnect vocabulary.
import { contractionTails, joinedWords, lowercaseWords } from '../text/words.js';
import { stem, withoutFinalS } from '../text/stem.js';
import { phraseEntry, type Entry, type Intent, type Vocabulary } from './vocabulary.js';
import type { VerbReading } from './verbs.js';
import type { LiteralKind } from '../catalog/types.js';
import { readLiterals } from './literals.js';

/** Relative weights of the terms a query produces; tuned on the tuning sets (see RANK in rank.ts). */
export const TERM_WEIGHTS = { word: 1, phraseWord: 0.3, alias: 1, alternative: 0.35, context: 0.7, modifier: 0.85, typo: 0.8, typoMeaning: 0.5, nameMeaning: 0.75 } as const;

export interface QueryTerm {
  term: string;
  weight: number;
  /** Typed by the user (typos possible), as opposed to added by the vocabulary. */
  original: boolean;
}

export interface AnalyzedQuery {
  terms: QueryTerm[];
  /** The terms' words, for the membership tests the ranker makes on every candidate. */
  termSet: ReadonlySet<string>;
  intent: Intent | undefined;
  /** 0..1: how much the query asks about traffic, errors or latency. */
  analytics: number;
  /** Api slugs with product words (apiScopes) that the query does not use. */
  outOfScope: Set<string>;
  /** Api slugs whose product the query names ("event gateway", "mesh"). */
  inScope: Set<string>;
  /** The words (stemmed, typos fixed) that may say which product the query is about: stop words and names aside. */
  productWords: string[];
  /** Terms naming what is asked for, as opposed to verbs and words after a preposition ("where"). */
  target: Set<string>;
  /**
   * The first thing asked for, split into its head and the words before it: "list developer applications" asks for
   * applications (head) of developers (modifiers); "a customer's subscriptions" for subscriptions. The head has what the
   * vocabulary says it means; a modifier word that is also a head word is a head word.
   */
  head: { words: Set<string>; modifiers: Set<string> };
  /** The first thing asked for is plural ("get audit log destinations") or every one ("every plugin"): a collection. */
  plural: boolean;
  /** Asks for request records themselves, not numbers about them ("show the last 20 requests"). */
  records: boolean;
  /**
   * No verb the vocabulary knows, yet the query asks to do something: it opens with an English verb ("keep our db
   * password in aws secrets manager") or says what should be ("members of the okta group should land in the
   * platform team").
   */
  act: boolean;
  /** Each phrase or word typed, with every term it stands for: what a good answer should cover (confidence). */
  parts: QueryPart[];
  /** The request's verb, or its first word that is not a stop word: as typed, stemmed, and with a typo fixed (confidence). */
  lead: { raw: string; typed: string; token: string } | undefined;
  /** A question about a named instance's related things ("which teams is bob in?"): see readRelation. */
  relation: Relation | undefined;
  /** The head of what a quantifier makes all of its kind, with its meanings ("across all consumers" -> consumer). */
  quantified: Set<string>;
  /** Asks about all of something at once: a quantifier or "everyone" ("kick everyone out", "revoke all tokens"). */
  all: boolean;
  /** The user speaks of themselves ("who am I logged in as?", "my org id"). */
  self: boolean;
  /** A yes/no question about how something is ("is this node up?", "why is node eg-2 unhealthy?"). */
  state: boolean;
  /** Kinds of literal value typed as they are ("api.acme.com", "10.0.0.0/8"). */
  literals: Set<LiteralKind>;
}

export interface Relation {
  /** The head of what is asked for, with what the vocabulary says it means ("consumer groups" -> group). */
  target: string[];
  /** The words naming the instance the answer hangs off ("bob", "the platform team" -> platform, team). */
  owner: string[];
}

export interface QueryPart {
  weight: number;
  terms: string[];
  /** A traffic or error word: an analytics operation covers it whatever its fields say. */
  analytics: boolean;
}

/**
 * Finds the longest vocabulary phrase starting at i: as written, then skipping determiners ("register my app"),
 * then a phrasal verb with words in between ("take Alice off").
 */
function matchAt(q: QueryTokens, i: number, vocab: Vocabulary): { entry: Entry; used: number[] } | undefined {
  // Reading the units asks again for the phrases a longer one may reach into (outreached).
  if (q.matches.has(i)) return q.matches.get(i);
  const m = findPhraseAt(q, i, vocab);
  q.matches.set(i, m);
  return m;
}

function findPhraseAt(q: QueryTokens, i: number, vocab: Vocabulary): { entry: Entry; used: number[] } | undefined {
  const { tokens } = q;
  const lookup = (used: number[]): Entry | undefined => phraseEntry(vocab, used.map((k) => q.raw[k]!), used.map((k) => tokens[k]!));
  // Most words start no phrase of two words or more: only the word itself is looked up.
  const longer = vocab.phraseStarts.has(q.raw[i]!) || vocab.phraseStarts.has(tokens[i]!);
  let best: { entry: Entry; used: number[] } | undefined;
  for (let n = Math.min(longer ? vocab.longest : 1, tokens.length - i); n >= 1 && !best; n--) {
    const used = Array.from({ length: n }, (_, k) => i + k);
    const entry = lookup(used);
    if (entry) best = { entry, used };
  }
  if (!longer || vocab.stop.has(tokens[i]!)) return best;
  const content: number[] = [i];
  for (let k = i + 1; k < tokens.length && content.length < vocab.longest; k++) {
    if (!vocab.determiners.has(tokens[k]!)) content.push(k);
  }
  for (let n = content.length; n >= 2 && n > (best?.used.length ?? 0); n--) {
    const used = content.slice(0, n);
    const entry = lookup(used);
    if (entry) return { entry, used };
  }
  if (best && best.used.length > 1) return best;
  for (let gap = 1; gap <= 4 && i + gap + 1 < tokens.length; gap++) {
    const last = tokens[i + gap + 1]!;
    if (!vocab.particles.has(last)) continue;
    const entry = lookup([i, i + gap + 1]);
    if (entry) return { entry, used: [i, i + gap + 1] };
  }
  return best;
}

interface Unit {
  used: number[];
  entry?: Entry | undefined;
  stop: boolean;
}

/**
 * A phrase that a longer one starts inside of and reaches past gives up the words they share: "list request size
 * limiting" is "list" and "request size limiting", not "list requests" and "size limiting". Its first word is then
 * read alone. Between phrases as long, the first keeps them.
 */
function outreached(m: ReturnType<typeof matchAt>, q: QueryTokens, vocab: Vocabulary): ReturnType<typeof matchAt> {
  if (!m || m.used.length < 2) return m;
  const end = m.used.at(-1)!;
  for (let j = m.used[0]! + 1; j <= end; j++) {
    const inner = matchAt(q, j, vocab);
    // A verb phrase that ends on its object ("show the config") gives it to a phrase reaching past it as well.
    const longer = inner !== undefined && (inner.used.length > m.used.length || (m.entry.intent !== undefined && inner.entry.intent === undefined));
    if (inner && longer && inner.used.at(-1)! > end) {
      const i = m.used[0]!;
      const entry = phraseEntry(vocab, [q.raw[i]!], [q.tokens[i]!]);
      return entry ? { entry, used: [i] } : undefined;
    }
  }
  return m;
}

/** Splits the tokens into vocabulary phrases, single words and stop words, in order. */
function units(q: QueryTokens, vocab: Vocabulary): Unit[] {
  const { tokens } = q;
  const out: Unit[] = [];
  const consumed = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    if (consumed.has(i)) continue;
    const m = outreached(matchAt(q, i, vocab), q, vocab);
    if (m) {
      for (const u of m.used) consumed.add(u);
      out.push({ used: m.used, entry: m.entry, stop: false });
    } else {
      out.push({ used: [i], stop: vocab.stop.has(tokens[i]!) });
    }
  }
  return out;
}

/** Returns a better-known word (stemmed) for a word nobody indexed (a typo; stemmed and as typed), or undefined. */
export type Corrector = (word: string, typed: string) => string | undefined;
/** How an English word as typed reads as a verb (verbs.ts). */
export type VerbLookup = (word: string) => VerbReading | undefined;

/** The query's words three ways: as typed, stemmed, and stemmed with typos fixed (what the vocabulary reads). */
interface QueryTokens {
  raw: string[];
  typed: string[];
  tokens: string[];
  /** Positions of verbs that say what something else should do ("the gateway should verify ..."), not the request. */
  described: ReadonlySet<number>;
  /** Per word, whether a hyphen, dot or underscore joins it to another (joinedWords): part of a name. */
  joined: readonly boolean[];
  /** The phrase found at each position read so far (matchAt). */
  matches: Map<number, { entry: Entry; used: number[] } | undefined>;
}

/** What reading the units left to right has found so far. */
interface Reading {
  pending: QueryTerm[];
  target: Set<string>;
  intent: Intent | undefined;
  hinted: Intent | undefined;
  plural: boolean | undefined;
  /** The head of the first thing asked for, once read, and the modifiers before it. */
  head: Set<string> | undefined;
  modifiers: Set<string>;
  /** The last modifier read before the head: the head itself when the run ends on a word that names nothing. */
  lastModifier: Unit | undefined;
  /** The unit read last was a quantifier ("every", "all"): the next thing named means all of them. */
  every: boolean;
  /** Inside a run of nouns a quantifier opened. */
  quantifying: boolean;
  quantified: Set<string>;
  analytics: number;
  /** Weight of what follows: lowered after a context word ("where"), reset by a verb. */
  context: number;
  alternatives: Alternative[];
  parts: QueryPart[];
}

function addTerm(r: Reading, vocab: Vocabulary, term: string, weight: number, original: boolean, isTarget: boolean): void {
  if ((original && vocab.stop.has(term)) || weight <= 0) return;
  r.pending.push({ term, weight, original });
  if (isTarget) r.target.add(term);
}

function verbOf(unit: Unit | undefined, q: QueryTokens, vocab: Vocabulary): Intent | undefined {
  if (!unit || unit.stop) return undefined;
  const u = unit.used[0]!;
  // "consumer bob-test", "team-b": a word joined to another names an instance, unless a prefix makes it a verb
  // ("re-enable"); a phrase the vocabulary knows whole ("dry-run") is one unit.
  if (unit.used.length === 1 && q.joined[u] && !VERB_PREFIXES.has(q.raw[u - 1] ?? '')) return undefined;
  // A verb that asks is in its base form: "routes attached to", "config stores", "team mappings" and
  // "notification settings" describe things.
  const intent = unit.entry?.intent ?? (unit.used.length > 1 ? phraseEntry(vocab, [q.raw[u]!], [q.tokens[u]!])?.intent : undefined);
  if (intent && !intent.hint && q.raw[u] !== q.typed[u] && /(s|ed|ing)$/.test(q.raw[u]!)) return undefined;
  return intent;
}

/** Reads one unit (a phrase, a word or a stop word) into the terms, given the two units after it. */
function readUnit(r: Reading, unit: Unit, next: Unit | undefined, after: Unit | undefined, q: QueryTokens, vocab: Vocabulary): void {
  const { raw, typed, tokens } = q;
  const first = tokens[unit.used[0]!]!;
  // A quantifier carries over determiners to the next thing named ("all the consumers").
  const every = r.every;
  r.every = QUANTIFIERS.has(first) || (every && unit.stop && vocab.determiners.has(first));
  if (unit.stop) {
    if (vocab.context.has(first)) r.context = TERM_WEIGHTS.context;
    return;
  }
  const entry = unit.entry;
  const verb = verbOf(unit, q, vocab);
  if (verb?.hint) r.hinted ??= verb;
  else if (verb && !q.described.has(unit.used[0]!)) {
    r.intent ??= verb;
    r.context = 1;
  }
  const isVerb = entry?.intent !== undefined && verb !== undefined && !verb.hint;
  // In a run of nouns the last one is the head: "billing customers" asks for customers. An owner's "'s" keeps the
  // run going ("a customer's subscriptions" asks for subscriptions); a participle ends it ("PATs issued by ...").
  const nextVerb = verbOf(next, q, vocab);
  const possessive = next?.stop === true && next.used.length === 1 && raw[next.used[0]!] === 's' && after !== undefined && !after.stop && verbOf(after, q, vocab) === undefined;
  const modifies = !isVerb && next !== undefined && (possessive || (!next.stop && !(nextVerb && !nextVerb.hint) && !describes(next, q)));
  // The owner keeps its full weight: it names the entity the answer hangs off.
  const modifier = modifies && !possessive ? TERM_WEIGHTS.modifier : 1;
  // "all his consumer groups": the quantifier reaches the head of the run of nouns it opens.
  r.quantifying ||= every;
  // The head a quantifier reaches is plural whatever its own number ("every ACL group assignment").
  const quantifiedHead = r.quantifying && !modifies;
  if (quantifiedHead) {
    for (const t of [tokens[unit.used.at(-1)!]!, ...meaningsOf(unit)]) r.quantified.add(t);
    r.quantifying = false;
  }
  const scale = r.context * modifier;
  // "is there a way to see every plugin" asks for plugins, not ways.
  const preamble = unit.used.length === 1 && PREAMBLE.has(first);
  const isTarget = r.context === 1 && !isVerb && !verb?.hint && !preamble;
  if (isTarget && !modifies && r.plural === undefined && !r.every) r.plural = quantifiedHead || namesPlural(unit, q, vocab);
  // Words of a phrase that has another name weigh less than that name; verbs mostly hint at the method.
  const explained = entry !== undefined && (entry.means.length > 0 || entry.analytics > 0);
  const own = isVerb || verb?.hint ? verb!.wordWeight : explained ? TERM_WEIGHTS.phraseWord : TERM_WEIGHTS.word;
  // A traffic word inside a name ("jane-analytics", "request-transformer") says nothing about traffic.
  const traffic = unit.used.some((u) => !q.joined[u]) ? (entry?.analytics ?? 0) : 0;
  const part: QueryPart = { weight: 0, terms: [], analytics: traffic > 0 };
  r.parts.push(part);
  for (const u of unit.used) {
    const t = tokens[u]!;
    // The object of a verb phrase ("show the config") names a thing like any word after a verb.
    const named = (entry?.means.some((e) => e.term === t) ?? false) || (isVerb && u > unit.used[0]! && vocab.determiners.has(tokens[u - 1]!));
    const typo = t !== typed[u] ? TERM_WEIGHTS.typo : 1;
    const w = (vocab.weights.get(t) ?? 1) * scale * typo * (named ? 1 : own);
    addTerm(r, vocab, t, w, true, isTarget);
    if (!vocab.stop.has(t)) part.weight = Math.max(part.weight, explained && !isVerb ? scale : w);
    part.terms.push(t);
  }
  if (r.head === undefined) {
    if (isTarget && modifies) addModifier(r, unit, tokens);
    else if (isTarget) setHead(r, unit, tokens);
    else if (r.lastModifier) headFromModifier(r, q, vocab);
  }
  if (!entry) return;
  part.terms.push(...entry.means.map((e) => e.term), ...entry.or.flat());
  r.analytics += traffic;
  // A word taken for a typo may be a name ("alice" as alive, "staging" as stating): what the fix means counts less.
  const fixed = unit.used.some((u) => tokens[u] !== typed[u]) ? TERM_WEIGHTS.typoMeaning : 1;
  // One word of a name ("orders-svc", "legacy-payments") says less of what the vocabulary says it means.
  const named = unit.used.length === 1 && q.joined[unit.used[0]!] ? TERM_WEIGHTS.nameMeaning : 1;
  for (const e of entry.means) addTerm(r, vocab, e.term, TERM_WEIGHTS.alias * e.weight * scale * fixed * named, false, isTarget);
  for (const phrase of entry.or) r.alternatives.push({ phrase, weight: TERM_WEIGHTS.alternative * scale, words: unit.used });
}

/** A past participle ("assigned", "enabled"): it describes the noun before it rather than naming a thing. */
function describes(unit: Unit | undefined, q: QueryTokens): boolean {
  if (!unit || unit.stop || unit.used.length > 1) return false;
  const u = unit.used[0]!;
  return q.raw[u]!.endsWith('ed') && q.typed[u] !== q.raw[u];
}

const meaningsOf = (unit: Unit): string[] => [...(unit.entry?.means.map((e) => e.term) ?? []), ...(unit.entry?.or.flat() ?? [])];

function addModifier(r: Reading, unit: Unit, tokens: string[]): void {
  for (const t of [...unit.used.map((u) => tokens[u]!), ...meaningsOf(unit)]) r.modifiers.add(t);
  r.lastModifier = unit;
}

/**
 * A word that counts ("how many", "count", "total") is about traffic only when something else in the query is: "how
 * many control planes do we have?" counts things, and reads as its plain words. "top", "busiest" or "p99" rank traffic
 * whatever they are next to.
 */
function countsOnly(list: Unit[], q: QueryTokens, vocab: Vocabulary): Unit[] {
  const counting = (u: Unit): boolean => (u.entry?.analytics ?? 0) > 0 && COUNTING.has(u.used.map((k) => q.raw[k]!).join(' '));
  const traffic = list.some((u) => (u.entry?.analytics ?? 0) > 0 && !counting(u)) || namesRequests(q.tokens, vocab);
  return traffic ? list : list.map((u) => (counting(u) ? { used: u.used, stop: false } : u));
}

const COUNTING = new Set(['how many', 'count', 'counts', 'total', 'totals', 'number of']);

/** Whether the unit's last word is a plural. */
function namesPlural(unit: Unit, q: QueryTokens, vocab: Vocabulary): boolean {
  const { raw, typed } = q;
  const last = unit.used.at(-1)!;
  // A plural the stemmer keeps (a word in -is or -us, as it keeps "redis") is one when the vocabulary knows its singular.
  const kept = typed[last] === raw[last] && vocab.words.has(withoutFinalS(raw[last]!));
  return raw[last]!.endsWith('s') && (typed[last] !== raw[last] || kept);
}

/** A run that ends on a word naming nothing ("which routes exist") asks for its last modifier, and in its number. */
function headFromModifier(r: Reading, q: QueryTokens, vocab: Vocabulary): void {
  const unit = r.lastModifier!;
  setHead(r, unit, q.tokens);
  r.plural ??= r.every || namesPlural(unit, q, vocab);
}

/** The head is the unit's last word with what the vocabulary says the unit means; its other words modify it. */
function setHead(r: Reading, unit: Unit, tokens: string[]): void {
  const words = unit.used.map((u) => tokens[u]!);
  r.head = new Set([words.at(-1)!, ...meaningsOf(unit)]);
  for (const w of words.slice(0, -1)) r.modifiers.add(w);
}

export function analyzeQuery(typedQuery: string, vocab: Vocabulary, correct?: Corrector, verb?: VerbLookup): AnalyzedQuery {
  // Values typed as they are ("api.acme.com") are read by their kind, not as words ("api", "acme").
  const literals = readLiterals(typedQuery);
  // A query of values alone ("10.0.0.5") is still searched by them.
  const query = /\p{L}/u.test(literals.rest) ? literals.rest : typedQuery;
  const raw = lowercaseWords(query);
  const questionMark = query.trimEnd().endsWith('?');
  // "an api called payments" names a thing: "called" is not "calls" (traffic), so it reads as a plain "the".
  // A stop word that stems like a vocabulary word ("associated", "associate") is one only as typed.
  // The tail of "i'd like" or "we'll" is no word of the request: it reads as the "t" of "don't", a stop word.
  const tails = contractionTails(query);
  const typed = raw.map((w, i) => (NAMING.has(w) ? 'the' : tails[i] ? 't' : vocab.typedStops.has(w) ? w : stem(w)));
  // Typos are fixed before the vocabulary is applied, so "devloper portal" still means a portal.
  const tokens = typed.map((t, i) => (vocab.stop.has(t) || vocab.words.has(t) ? t : (correct?.(t, raw[i]!) ?? t)));
  const q: QueryTokens = { raw, typed, tokens, described: describedVerbs(raw), joined: joinedWords(query), matches: new Map() };
  const r: Reading = { pending: [], target: new Set(), intent: undefined, hinted: undefined, plural: undefined, head: undefined, modifiers: new Set(), lastModifier: undefined, every: false, quantifying: false, quantified: new Set(), analytics: 0, context: 1, alternatives: [], parts: [] };
  const list = countsOnly(units(q, vocab), q, vocab);
  list.forEach((unit, k) => readUnit(r, unit, list[k + 1], list[k + 2], q, vocab));
  if (r.head === undefined && r.lastModifier) headFromModifier(r, q, vocab);
  const scopes = productScopes(tokens, vocab);
  // "retry failed requests between mesh services" asks about the mesh, not about traffic numbers.
  const elsewhere = [...scopes.inScope].some((api) => !vocab.analyticsApis.has(api));
  const analytics = elsewhere ? 0 : Math.min(1, r.analytics);
  // "any new notifications for me?" asks to see: an adjective's hint does not make a question a request.
  const intent = r.intent ?? (asks(questionMark, raw) ? undefined : r.hinted);
  const question = asksToSee(intent);
  const records = question && asksForRecords(tokens, vocab);
  // "the last 50 requests to /login" means the records API, not the numbers its twin computes.
  if (analytics > 0 && question) for (const t of records ? vocab.recordsMeans : vocab.analyticsMeans) addTerm(r, vocab, t, TERM_WEIGHTS.alias * analytics, false, false);
  applyAlternatives(r.alternatives, tokens, r.pending);
  const li = leadIndex(raw, typed, tokens, vocab);
  const terms = strongest(r.pending);
  return {
    terms,
    termSet: new Set(terms.map((t) => t.term)),
    intent,
    analytics,
    ...scopes,
    productWords: productWords(raw, tokens, q.joined, vocab),
    target: r.target,
    head: { words: r.head ?? new Set(), modifiers: new Set([...r.modifiers].filter((w) => !r.head?.has(w))) },
    plural: r.plural ?? false,
    records,
    act: !r.intent && !r.hinted && readsAsRequest(questionMark, raw, vocab, verb),
    parts: r.parts.filter((p) => p.weight > 0),
    lead: li < 0 ? undefined : { raw: raw[li]!, typed: typed[li]!, token: tokens[li]! },
    relation: readRelation(q, list, vocab),
    quantified: r.quantified,
    all: raw.some((w) => ALL_WORDS.has(w)),
    state: asksState(questionMark, raw),
    self: raw.some((w) => FIRST_PERSON.has(w)),
    literals: literals.kinds,
  };
}

const NAMING = new Set(['called', 'named']);
const VERB_PREFIXES = new Set(['re', 'un', 'de', 'pre']);
const FIRST_PERSON = new Set(['i', 'me', 'my', 'am', 'myself', 'mine']);
// Words that ask about all of something at once; "each" distributes ("set a cost for each field").
const ALL_WORDS = new Set(['every', 'all', 'everyone', 'everything', 'everybody']);
// Words after "is" that ask whether something can be done, not how something is ("is there a way to").
const ABILITY = new Set(['way', 'possible', 'able']);

/**
 * The query asks to see rather than to change ("create a meter that counts API calls" does not): only then do
 * traffic words make it a question for the analytics APIs.
 */
export function asksToSee(intent: Intent | undefined): boolean {
  return !intent || intent.methods.GET !== undefined;
}

/** A question rather than a request: it ends with "?" or opens with a question word. */
function asks(questionMark: boolean, raw: string[]): boolean {
  return questionMark || ASKING.has(raw[0] ?? '');
}

/** "is|are|has|does ... ?" or "why is ...": a question about how a thing is, not a request. */
function asksState(questionMark: boolean, raw: string[]): boolean {
  const start = raw[0] === 'why' ? 1 : 0;
  const opener = raw[start];
  if (opener === undefined || !AUXILIARIES.has(opener) || (!BE.has(opener) && !questionMark)) return false;
  return !raw.some((w) => ABILITY.has(w));
}

// Words that make what follows mean all of its kind ("every plugin", "across all consumers"): as typed, and stemmed.
const QUANTIFIER_WORDS = ['every', 'each', 'all'];
export const QUANTIFIERS: ReadonlySet<string> = new Set(QUANTIFIER_WORDS.map(stem));
const QUESTION_WORDS = new Set(['which', 'what']);
// The verb after the asked-for things: what follows it names the instance ("which teams is bob in").
const AUXILIARIES = new Set(['is', 'are', 'was', 'were', 'does', 'do', 'did', 'can', 'could', 'has', 'have']);
const BE = new Set(['is', 'are', 'was', 'were']);

/**
 * "which|what <things> <is|does|can> <instance> ...": the things asked for and the words of the instance they hang
 * off ("bob", "the platform team", "customer acme"). With a participle or "of" after the verb, the instance is what
 * follows the next preposition ("which apps are registered for this API"). Whether an owner word is a type
 * ("team") or a name ("bob") is for the ranker, which knows the catalog's collections.
 */
export function readRelation(q: QueryTokens, list: Unit[], vocab: Vocabulary): Relation | undefined {
  const { raw, tokens } = q;
  const people = list.findIndex((u, k) => k < 3 && raw[u.used[0]!] === 'who' && u.used.length > 1 && (u.entry?.or.length ?? 0) > 0);
  if (people >= 0) {
    // "who is on the platform team": the vocabulary's phrase says what "who" can be (users, developers...).
    const owner = list.slice(people + 1).flatMap((u) => u.used).filter((i) => !vocab.stop.has(tokens[i]!));
    return owner.length === 0 ? undefined : { target: list[people]!.entry!.or.flat(), owner: owner.map((i) => tokens[i]!) };
  }
  const k0 = list.findIndex((u, k) => k < 3 && QUESTION_WORDS.has(raw[u.used[0]!]!));
  if (k0 < 0) return undefined;
  let k = k0 + 1;
  let head: Unit | undefined;
  // The verb ends the things asked for, a stop word or not ("were").
  const verbAt = (u: Unit): boolean => u.stop || AUXILIARIES.has(raw[u.used[0]!]!);
  for (; k < list.length && !verbAt(list[k]!); k++) head = list[k];
  const aux = list[k];
  if (!head || !aux || !AUXILIARIES.has(raw[aux.used[0]!]!)) return undefined;
  const target = [tokens[head.used.at(-1)!]!, ...(head.entry?.means.slice(-1).map((e) => e.term) ?? [])];
  // Word positions after the verb, in order.
  const rest = list.slice(k + 1).flatMap((u) => u.used);
  const isStop = (i: number): boolean => vocab.stop.has(tokens[i]!) && !vocab.determiners.has(tokens[i]!);
  let start = 0;
  while (start < rest.length && vocab.determiners.has(tokens[rest[start]!]!)) start++;
  let end = start;
  while (end < rest.length && !vocab.stop.has(tokens[rest[end]!]!)) end++;
  let subject = rest.slice(start, end);
  const be = BE.has(raw[aux.used[0]!]!);
  if (be) while (subject.length > 0 && raw[subject.at(-1)!]!.endsWith('ed')) subject.pop();
  // "does the platform team have", "can customer acme access": the last word is the verb.
  else if (end === rest.length && subject.length > 1) subject.pop();
  // "are registered for this API", "are members of the prod group", "are in mesh default": the instance follows
  // the preposition.
  const first = rest[start];
  const instead = first !== undefined && (vocab.context.has(tokens[first]!) || raw[first]!.endsWith('ed') || raw[rest[end] ?? -1] === 'of');
  const after = rest.slice(end).findIndex(isStop);
  const behind = after < 0 ? [] : rest.slice(end + after + 1).filter((i) => !vocab.stop.has(tokens[i]!));
  if (be && instead && behind.length > 0) subject = behind;
  return subject.length === 0 ? undefined : { target, owner: subject.map((i) => tokens[i]!) };
}

// Conversational words before a request ("hey", "is it possible to", "i'd like to"): never its verb.
const PREAMBLE_WORDS = 'hey hi hello ok okay thanks thank kindly help tell possible able way now must may might shall gonna wanna going';
// The tails of "i'd", "i'm", "we'll", "i've", "you're", "let's", split off as words of their own.
const PREAMBLE = new Set([...PREAMBLE_WORDS.split(' '), 'd', 'm', 'll', 've', 're', 's'].map(stem));

/**
 * Where the request's verb is: the first of the first few words that the vocabulary reads as a verb, past a preamble
 * ("hey, create a route"); else the first word that is not an adverb ("quickly"): "restart a node" asks to restart.
 */
function leadIndex(raw: string[], typed: string[], tokens: string[], vocab: Vocabulary, within = 3): number {
  const content = typed.flatMap((t, i) => (vocab.stop.has(t) || PREAMBLE.has(t) ? [] : [i]));
  const verb = content.slice(0, within).find((i) => {
    const intent = phraseEntry(vocab, [raw[i]!], [tokens[i]!])?.intent;
    return intent !== undefined && !intent.hint;
  });
  return verb ?? content.find((i) => !raw[i]!.endsWith('ly')) ?? -1;
}

// Words of a requirement: "bob should be able to", "only the frontend may call the backend".
const REQUIREMENT = new Set(['should', 'must', 'may', 'shall', 'need', 'needs', 'want', 'wants']);
// Words that open a question rather than a request.
const ASKING = new Set([...QUESTION_WORDS, ...AUXILIARIES, 'who', 'how', 'when', 'where', 'why', 'any']);
// What follows a verb used as one: "ban the ...", "stand up a ...", "kick everyone out", "open 3 ...".
const OBJECT_START = new Set([...QUANTIFIER_WORDS, 'me', 'us', 'him', 'them', 'everyone', 'everything', 'everybody']);

/**
 * A request with no verb the vocabulary knows still asks to act when it says what should be, or opens (past a
 * preamble) with a word that is mostly a verb, or may be one and is followed by what verbs take ("ban the spammy
 * developer", "group consumers" stays a noun phrase). Questions ask, whatever their words.
 */
function readsAsRequest(questionMark: boolean, raw: string[], vocab: Vocabulary, verb?: VerbLookup): boolean {
  if (questionMark) return false;
  const start = raw.findIndex((w) => !PREAMBLE.has(stem(w)) && w !== 'please' && w !== 'just');
  const first = raw[start];
  if (first === undefined || ASKING.has(first)) return false;
  if (raw.some((w) => REQUIREMENT.has(w))) return true;
  const reading = verb?.(first);
  if (reading === 'usually') return true;
  const next = raw[start + 1];
  // The vocabulary's determiners and particles are stemmed ("private" as privat).
  return reading === 'also' && next !== undefined && (vocab.determiners.has(stem(next)) || vocab.particles.has(stem(next)) || OBJECT_START.has(next) || /^[0-9]/.test(next));
}

const MODALS = new Set(['should', 'must', 'shall']);
const NEED = new Set(['need', 'needs', 'has', 'have']);
const USER = new Set(['i', 'we', 'you']);
const BETWEEN = new Set(['be', 'able', 'to', 'not', 'only', 'also', 'always', 'never', 'automatically', 'still', 'just']);

/**
 * A verb after "should", "must" or "needs to" whose subject is not the user ("the gateway should verify client
 * certificates", "kafka clients must connect on 19092") says how something should behave: what to set up, not the
 * request's own verb.
 */
function describedVerbs(raw: string[]): Set<number> {
  const out = new Set<number>();
  raw.forEach((w, i) => {
    const modal = MODALS.has(w) || (NEED.has(w) && raw[i + 1] === 'to');
    if (!modal || i === 0 || USER.has(raw[i - 1]!)) return;
    let k = i + 1;
    while (k < raw.length && BETWEEN.has(raw[k]!)) k++;
    if (k < raw.length) out.add(k);
  });
  return out;
}

function asksForRecords(tokens: string[], vocab: Vocabulary): boolean {
  const joined = ` ${tokens.join(' ')} `;
  const has = (phrase: string[]): boolean => joined.includes(` ${phrase.join(' ')} `);
  // "one by one" and "not the totals" still ask for records: a marker outweighs an aggregate word.
  if (vocab.recordMarkers.some(has)) return true;
  return namesRequests(tokens, vocab) && !vocab.aggregates.some(has);
}

/** The query names requests or calls themselves: traffic, whatever else it says. */
function namesRequests(tokens: string[], vocab: Vocabulary): boolean {
  return tokens.some((t) => vocab.requestNouns.has(t));
}

interface Alternative {
  phrase: string[];
  weight: number;
  /** Positions of the general word that offered the alternatives. */
  words: number[];
}

/**
 * When the query already names one of the alternatives ("key-auth credential"), the general word ("credential")
 * is only its class: it weighs less and the other alternatives are not added. Otherwise they all are, lightly.
 */
function applyAlternatives(alternatives: Alternative[], tokens: string[], pending: QueryTerm[]): void {
  const meant = pending.filter((p) => !p.original).map((p) => p.term);
  // Each general word on its own: "link the key-auth credential" names a credential, and may still mean any link.
  const byWord = new Map<string, Alternative[]>();
  for (const a of alternatives) {
    const key = a.words.join(' ');
    byWord.set(key, [...(byWord.get(key) ?? []), a]);
  }
  const classes = new Set<string>();
  const added: QueryTerm[] = [];
  for (const group of byWord.values()) {
    // The general word itself does not name an alternative ("link" offers implementation, mapping, and link).
    const own = new Set(group[0]!.words);
    const present = new Set([...tokens.filter((_, i) => !own.has(i)), ...meant]);
    if (group.some((a) => a.phrase.every((t) => present.has(t)))) for (const u of own) classes.add(tokens[u]!);
    else for (const a of group) for (const term of a.phrase) added.push({ term, weight: a.weight, original: false });
  }
  for (const p of pending) if (p.original && classes.has(p.term)) p.weight *= TERM_WEIGHTS.phraseWord;
  pending.push(...added);
}

/** One entry per term, at its highest weight. */
function strongest(pending: QueryTerm[]): QueryTerm[] {
  const terms = new Map<string, QueryTerm>();
  for (const p of pending) {
    const cur = terms.get(p.term);
    if (!cur || cur.weight < p.weight) terms.set(p.term, { ...p, original: p.original || (cur?.original ?? false) });
  }
  return [...terms.values()];
}

function productScopes(tokens: string[], vocab: Vocabulary): { inScope: Set<string>; outOfScope: Set<string> } {
  const joined = ` ${tokens.join(' ')} `;
  const uses = (phrases: readonly string[]): boolean => phrases.some((p) => joined.includes(p));
  const inScope = new Set<string>();
  const outOfScope = new Set<string>();
  for (const [api, scope] of vocab.scopes) {
    if (uses(scope.names)) inScope.add(api);
    else if (!uses(scope.words)) outOfScope.add(api);
  }
  return { inScope, outOfScope };
}

/**
 * The words that may say which product a query is about: not stop words, and not an instance's name (the word after
 * "called" or "named", a word a hyphen, dot or underscore joins to another: "legacy-users", "billing.internal").
 */
function productWords(raw: string[], tokens: string[], joined: readonly boolean[], vocab: Vocabulary): string[] {
  return tokens.filter((t, i) => !vocab.stop.has(t) && !joined[i] && !NAMING.has(raw[i - 1] ?? ''));
}
