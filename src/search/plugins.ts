// Plugin goals: "limit a service to 5 requests per minute" or "require an api key on my route" describe what a
// Kong gateway plugin does, and are met by creating that plugin on the entity the query names. The table of plugins
// comes from their docs pages at build time (plugin-table.ts). At query time: the plugin whose words fit the query
// best; when the plugin-creating operation with that plugin's words covers the query clearly better than the best
// hit does, it goes first and names the plugin.
import MiniSearch from 'minisearch';
import { stem, withoutFinalS } from '../text/stem.js';
import { lowercaseWords, pathWords, resourceWords, splitWords, tokenizeForIndex } from '../text/words.js';
import type { Confidence, Operation } from '../catalog/types.js';
import type { AnalyzedQuery } from './query.js';
import { inOwnFields, prefixTerms } from './confidence.js';
import { parentWords } from './rank.js';

/** One plugin as its page describes it; the table ships in the prebuilt index. */
export interface PluginEntry {
  /** The plugin's name, as a plugin's `name` field takes it ("rate-limiting"). */
  name: string;
  title: string;
  /** Description, aliases, tags and the opening of the overview, each word once. */
  about: string;
}

/** Tuned on the tuning sets and test/fixtures/search-plugins-dev.jsonl. */
export const PLUGIN_GOALS = {
  /** A word on more plugin pages than this share says nothing about which plugin fits ("request", "gateway"). */
  commonShare: 0.25,
  /** How much more of the query the plugin creator (with the plugin's words) must cover than the best hit. */
  margin: 0.15,
  /** A second plugin is named too when it scores this close to the first. */
  runnerUp: 0.9,
};

/** Reads the table from the prebuilt index: malformed entries are dropped. */
export function readPluginTable(json: unknown): PluginEntry[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((e: unknown) => {
    const { name, title, about } = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
    return typeof name === 'string' && typeof title === 'string' && typeof about === 'string' ? [{ name, title, about }] : [];
  });
}

interface PluginDoc {
  id: number;
  name: string;
  title: string;
  about: string;
}

/** An operation that creates a plugin, and the entity it creates it on (none for a control plane's global plugin). */
interface Creator {
  op: Operation;
  /** Stemmed words of the entity the plugin is scoped to ("consumer group"), empty for a global plugin. */
  entity: string[];
  /** The entity's own fields (from the operation creating it), each as stemmed words ("read timeout"). */
  fields: string[][];
  /**
   * POSTs beside the plugins collection, by the segment after the entity's id without a plural "s": a consumer's `jwt`,
   * `key-auth` and `acls` are the credentials those plugins check, and a service's `degraphql/routes` what that
   * plugin serves: what a goal naming the entity asks for.
   */
  siblings: Map<string, Operation>;
}

export interface PluginFit {
  /** The operation to put first. */
  op: Operation;
  /** The plugins that fit, best first (one or two). */
  plugins: string[];
  /** The query uses two or more of the plugin's telling words: an answer, even if no summary says them. */
  sure: boolean;
  /** `op` creates an entity of the plugin's own (a consumer's `jwt` credential, a service's degraphql routes), not the plugin. */
  ownEntity: boolean;
}

/** A sure plugin fit means the API answers the query: not "low", whatever the best hit's own words scored. */
export function withPluginFit(confidence: Confidence, fit: PluginFit | undefined): Confidence {
  return confidence === 'low' && fit?.sure ? 'medium' : confidence;
}

/** What the decision needs from the search: the query's analysis and which terms the best hit has in its own fields. */
export interface BestHit {
  op: Operation;
  /** Index terms the best hit matched, with the fields each was found in. */
  match: Readonly<Record<string, string[]>>;
}

export interface FitContext {
  query: string;
  q: AnalyzedQuery;
  best: BestHit | undefined;
  byKey: ReadonlyMap<string, Operation>;
  /** The search's filters (api, method) allow this operation. */
  allowed: (op: Operation) => boolean;
  /** The vocabulary's verbs ("add", "limit"): they say what to do, not what with. */
  verbs: ReadonlySet<string>;
  /** Stemmed words the vocabulary knows as one phrase ("service account"). */
  phrase: (words: string[]) => boolean;
}

const PLUGIN = stem('plugin');

const STEMMED = { tokenize: tokenizeForIndex, processTerm: (t: string) => stem(t) };

export class PluginGoals {
  private ms: MiniSearch<PluginDoc> | undefined;
  private words: Set<string>[] = [];
  private common = new Set<string>();
  private readonly creators = new WeakMap<ReadonlyMap<string, Operation>, Creator[]>();
  private readonly apis = new WeakMap<ReadonlyMap<string, Operation>, ReadonlySet<string>>();
  /** Per plugin, the distinctive stemmed words of its name and of its title: what a query naming it says. */
  private named: string[][][] = [];

  constructor(readonly table: readonly PluginEntry[]) {}

  /** Built on first use: a few ms, once, and nothing at startup. */
  private index(): MiniSearch<PluginDoc> {
    if (this.ms) return this.ms;
    const docs = this.table.map((p, id) => ({ id, name: pathWords(p.name), title: p.title, about: p.about }));
    this.words = docs.map((d) => new Set([d.name, d.title, d.about].flatMap((t) => tokenizeForIndex(t).map(stem))));
    const df = new Map<string, number>();
    for (const set of this.words) for (const w of set) df.set(w, (df.get(w) ?? 0) + 1);
    this.common = new Set([...df].filter(([, n]) => n > docs.length * PLUGIN_GOALS.commonShare).map(([w]) => w));
    const distinct = (t: string): string[] => [...new Set(lowercaseWords(t).map(stem))].filter((w) => !this.common.has(w));
    this.named = docs.map((d) => [distinct(d.name), distinct(d.title)]);
    const ms = new MiniSearch<PluginDoc>({ fields: ['name', 'title', 'about'], ...STEMMED });
    ms.addAll(docs);
    this.ms = ms;
    return ms;
  }

  /** Whether the terms name any plugin (all of its name or title). */
  private namesAny(terms: ReadonlySet<string>): boolean {
    this.index();
    return this.named.some((named) => namesAll(named, terms));
  }

  /** Plugin-creating operations, from the specs: a POST to a `plugins` collection, scoped by its parent entity. */
  /** The catalog's API slugs. */
  private apisOf(byKey: ReadonlyMap<string, Operation>): ReadonlySet<string> {
    let apis = this.apis.get(byKey);
    if (!apis) this.apis.set(byKey, (apis = new Set([...byKey.values()].map((op) => op.api))));
    return apis;
  }

  private creatorsOf(byKey: ReadonlyMap<string, Operation>): Creator[] {
    const known = this.creators.get(byKey);
    if (known) return known;
    const posts = new Map<string, Operation>();
    for (const op of byKey.values()) if (op.method === 'POST' && op.latest) posts.set(`${op.apiKey} ${op.path}`, op);
    const out: Creator[] = [];
    for (const op of posts.values()) {
      if (!isPluginPath(op.path)) continue;
      // ".../routes/{RouteId}/plugins" -> the POST on ".../routes" creates the entity and lists its fields.
      const segments = op.path.split('/');
      const parent = segments.at(-2)?.startsWith('{') ? posts.get(`${op.apiKey} ${segments.slice(0, -2).join('/')}`) : undefined;
      const fields = (parent?.bodyFields ?? []).map((f) => lowercaseWords(splitWords(f)).map(stem));
      const siblings = new Map<string, Operation>();
      if (segments.at(-2)?.startsWith('{')) {
        const under = `${op.apiKey} ${segments.slice(0, -1).join('/')}/`;
        for (const [key, sibling] of posts) {
          // ".../services/{ServiceId}/degraphql/routes": an entity of the degraphql plugin's own, on the service.
          const rest = key.startsWith(under) ? key.slice(under.length).split('/') : [];
          if (sibling !== op && (rest.length === 1 || rest.length === 2)) siblings.set(withoutFinalS(rest[0]!.toLowerCase()), sibling);
        }
      }
      out.push({ op, entity: parentWords(op.path), fields, siblings });
    }
    this.creators.set(byKey, out);
    return out;
  }

  /** The plugins that fit the query's terms (entity words and words most plugin pages use left out), best first. */
  match(q: AnalyzedQuery, skip: ReadonlySet<string> = new Set()): { id: number; name: string; score: number }[] {
    const ms = this.index();
    const terms = q.terms.filter((t) => !this.common.has(t.term) && !skip.has(t.term));
    if (terms.length === 0) return [];
    const weight = new Map(terms.map((t) => [t.term, t.weight]));
    return ms
      .search(terms.map((t) => t.term).join(' '), {
        boost: { name: 2, title: 2, about: 1 },
        tokenize: (s) => s.split(' '),
        processTerm: (t) => t,
        boostTerm: (t) => weight.get(t) ?? 1,
        combineWith: 'OR',
      })
      .map((r) => ({ id: r.id as number, name: this.table[r.id as number]!.name, score: r.score }));
  }

  /**
   * The plugin creator to put first, or undefined. Only for a query that applies something (no verb, or one that
   * creates or changes) within the gateway, when the creator on the entity the query names, counted with the best
   * plugin's words, covers the query's terms clearly better than the best hit covers them with its own fields
   * (or as well, when the best hit is another plugin operation, which needs a plugin id, or leaves out the entity).
   * With no entity named, the query must name the plugin itself (all of its name or title).
   */
  fit(ctx: FitContext): PluginFit | undefined {
    const { q, best } = ctx;
    const methods = q.intent?.methods;
    if (methods && ((methods.GET ?? 0) > 0 || (methods.DELETE ?? 0) > 0)) return undefined;
    // "plugins on route /login" names plugins and asks nothing of them: it asks to see them ("cors plugin on route"
    // asks for one).
    if (!q.intent && !q.act && q.plural && q.head.words.has(PLUGIN)) return undefined;
    // The query's words as typed, stemmed: where the entity is named, and which of its fields the query changes.
    const typed = lowercaseWords(ctx.query).map(stem);
    const creator = this.creatorFor(ctx, typed, this.creatorsOf(ctx.byKey));
    if (!creator || !ctx.allowed(creator.op) || (q.inScope.size > 0 && !q.inScope.has(creator.op.api))) return undefined;
    // With no entity named, only a query that names a plugin means one (below): most queries need no plugin search.
    if (creator.entity.length === 0 && !this.namesAny(q.termSet)) return undefined;
    const scoped = new Set([...creator.entity, ...creatorWords(creator.op)]);
    // "consumer acme", "acme-mobile": an instance's name, not the acme plugin.
    const instances = instanceNames(ctx, creator.entity);
    const plugins = this.match(q, new Set([...scoped, ...instances]));
    const top = plugins[0];
    if (!top) return undefined;
    // A plugin that shares its name with a Konnect API ("metering-and-billing") means that API unless the query says
    // plugin: no goal at all, since the next plugin down fits the product's words no better.
    if (!typed.includes(PLUGIN) && this.apisOf(ctx.byKey).has(top.name)) return undefined;
    const words = this.words[top.id]!;
    const terms = instances.size === 0 ? q.termSet : new Set([...q.termSet].filter((t) => !instances.has(t)));
    const named = this.named[top.id]!;
    // With no entity named, only a query that names the plugin (all of its name or title) means one. With one, the
    // query says a word of the plugin's name or two of its page's telling words: one word in passing is not a goal.
    const namesPlugin = namesAll(named, terms);
    if (creator.entity.length === 0 && !namesPlugin) return undefined;
    // A question about traffic ("slowest routes last week") asks for numbers, as the ranker reads it too.
    if (!methods && q.analytics >= 1 && !namesPlugin) return undefined;
    const telling = [...terms].filter((t) => !scoped.has(t) && words.has(t) && !this.common.has(t));
    if (telling.length < 2 && !telling.some((t) => named.some((n) => n.includes(t)))) return undefined;
    // The verb is the intent's business (checked above), not a word either side has to cover.
    const parts = q.parts.filter((p) => !p.terms.every((t) => ctx.verbs.has(t)));
    // Changing a field the entity has ("change the paths of a route") edits the entity.
    const changes = methods !== undefined && (methods.PUT ?? 0) > (methods.POST ?? 0);
    if (changes && creator.fields.some((f) => f.every((w) => typed.includes(w)))) return undefined;
    // "switch off the cors plugin on this route" changes a plugin that is there, not a goal a new one meets.
    if (changes && typed.includes(PLUGIN)) return undefined;
    // The best hit creates the very thing the query asks to create ("add a CA certificate for mTLS"); a verb the
    // vocabulary does not know ("require an api key on my route") does not say what to create.
    // It creates it where the query says: "reject callers without an API key on the /orders route" is no consumer's key.
    // Another API's creator counts only when the query names no entity for a plugin: "set up an oauth server for my
    // apis" is Kong Identity's, while "add an allowlist of partner IPs on the /partners route" stays a plugin.
    if (best && methods && best.op.method === 'POST' && (best.op.api === creator.op.api || creator.entity.length === 0) && !isPluginPath(best.op.path)) {
      const made = lowercaseWords(resourceWords(best.op.path)).map(stem);
      const under = parentWords(best.op.path);
      if (made.every((w) => q.target.has(w)) && under.every((w) => typed.includes(w))) return undefined;
    }
    const withPlugin = partShare(parts, (t) => scoped.has(t) || words.has(t));
    const prefixed = prefixTerms(q);
    const bestOwn = best ? partShare(parts, (t) => inOwnFields(best.match, t, prefixed)) : 0;
    // Closer calls go to the creator when the best hit is another plugin operation (which needs a plugin id) or
    // leaves out the entity the query names.
    const close = !best || isPluginPath(best.op.path) || (creator.entity.length > 0 && !creator.entity.every((w) => inOwnFields(best.match, w, prefixed)));
    const margin = close ? 0 : PLUGIN_GOALS.margin;
    if (withPlugin === 0 || withPlugin + 1e-9 < bestOwn + margin) return undefined;
    const names = plugins.filter((p, i) => i === 0 || (i === 1 && p.score >= top.score * PLUGIN_GOALS.runnerUp)).map((p) => p.name);
    // "let consumer partner-x sign in with JWTs": the jwt plugin runs on a route or service; on a consumer, its credential.
    const own = creator.siblings.get(withoutFinalS(top.name));
    if (own && ctx.allowed(own)) return { op: own, plugins: [top.name], sure: telling.length >= 2, ownEntity: true };
    return { op: creator.op, plugins: names, sure: telling.length >= 2, ownEntity: false };
  }

  /**
   * The creator for the entity named last in the query ("consumers in a group ... on this route" -> route). A word
   * that starts a vocabulary phrase with the next one names something else ("service account").
   */
  private creatorFor(ctx: FitContext, tokens: string[], creators: Creator[]): Creator | undefined {
    let best: { c: Creator; at: number } | undefined;
    for (const c of creators) {
      const at = c.entity.length === 0 ? -1 : lastRun(tokens, c.entity, (i) => i + 1 < tokens.length && ctx.phrase([tokens[i]!, tokens[i + 1]!]));
      if (at === undefined) continue;
      if (!best || at > best.at || (at === best.at && c.entity.length > best.c.entity.length)) best = { c, at };
    }
    return best?.c;
  }
}

/**
 * The query's words that name an instance: those of the word right after the entity the plugin would go on
 * ("consumer acme", "consumer mobile-app", "consumer 'saltmarsh-app'"), unless the two make a phrase ("consumer
 * group") or it describes ("service cached").
 */
function instanceNames(ctx: FitContext, entity: readonly string[]): Set<string> {
  // Each word with the whitespace-separated chunk it is part of: a name is one chunk.
  const words: { word: string; raw: string; chunk: number }[] = [];
  ctx.query.split(/\s+/).forEach((chunk, c) => {
    for (const w of lowercaseWords(chunk)) words.push({ word: stem(w), raw: w, chunk: c });
  });
  const out = new Set<string>();
  for (let i = 0; entity.length > 0 && i + entity.length < words.length; i++) {
    const next = words[i + entity.length]!;
    if (!entity.every((w, k) => words[i + k]!.word === w) || ctx.phrase([...entity, next.word]) || next.raw.endsWith('ed')) continue;
    for (const w of words) if (w.chunk === next.chunk) out.add(w.word);
  }
  return out;
}

/** The terms have all of a name's or a title's words. */
function namesAll(named: string[][], terms: ReadonlySet<string>): boolean {
  return named.some((n) => n.length > 0 && n.every((w) => terms.has(w)));
}

/** Where the words of `run` last appear in order, each word next to the previous one; undefined when they don't. */
function lastRun(tokens: string[], run: string[], joined: (end: number) => boolean): number | undefined {
  for (let i = tokens.length - run.length; i >= 0; i--) {
    const end = i + run.length - 1;
    if (run.every((w, k) => tokens[i + k] === w) && !joined(end)) return end;
  }
  return undefined;
}

function isPluginPath(path: string): boolean {
  return resourceWords(path).toLowerCase() === 'plugins';
}

/** What a plugin creator's own words say: it creates a plugin ("plugins" from its path). */
function creatorWords(op: Operation): string[] {
  return lowercaseWords(resourceWords(op.path)).map(stem);
}

/** Weighted share of the query's parts (a word or phrase, with what it stands for) with a term `covered` accepts. */
function partShare(parts: AnalyzedQuery['parts'], covered: (term: string) => boolean): number {
  const total = parts.reduce((s, p) => s + p.weight, 0);
  return total === 0 ? 0 : parts.reduce((s, p) => s + (p.terms.some(covered) ? p.weight : 0), 0) / total;
}
