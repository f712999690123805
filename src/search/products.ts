// Which product (API) a query is about, from what the specs say of each API: the words nearly only its operations
// use, whether its title calls it legacy, and its host: for the whole organization (global), or a customer's own
// domain where its signed-in user calls it (custom: the dev portal).
import { lowercaseWords, pathWords, splitWords } from '../text/words.js';
import { stem } from '../text/stem.js';
import type { Operation } from '../catalog/types.js';

export interface ProductTableJson {
  /** Legacy APIs (their title says so), each with the words of its title that name it ("API Products" -> product). */
  legacy: Record<string, string[]>;
  /** APIs served on the global host: the organization's own things (users, teams, its IP allow list, notifications). */
  global: string[];
  /**
   * APIs served on a host of the customer's own (the dev portal's domain), called as their signed-in user, with the
   * words naming that user: the path before "/me" ("/developer/me" -> developer).
   */
  custom: Record<string, string[]>;
  /** Words of an API's slug or tags that nearly only its operations use ("scorecard" -> service-catalog). */
  words: Record<string, string>;
}

/** Share of the operations using a word that must be one API's for the word to name it. */
const OWN_SHARE = 0.9;
/** Fewer operations than this using a word say too little. */
const MIN_OPS = 2;
/** Title words in this many titles or more ("Konnect", "API") name no one API. */
const COMMON_TITLES = 3;
const LEGACY = new Set(['legacy', 'deprecated'].map(stem));

const stems = (text: string): string[] => lowercaseWords(splitWords(text)).map(stem);

/** Build time (and when user specs extend the catalog): the table from the newest operations and the APIs' titles. */
export function buildProductTable(ops: readonly Operation[], apiTitle: (apiKey: string) => string, hosts: ApiHosts = NO_HOSTS): ProductTableJson {
  const titles = new Map<string, string[]>();
  for (const op of ops) if (!titles.has(op.api)) titles.set(op.api, [...new Set(stems(apiTitle(op.apiKey)))]);
  const inTitles = new Map<string, number>();
  for (const words of titles.values()) for (const w of words) inTitles.set(w, (inTitles.get(w) ?? 0) + 1);
  const legacy: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [api, words] of titles) {
    if (words.some((w) => LEGACY.has(w))) legacy[api] = words.filter((w) => !LEGACY.has(w) && (inTitles.get(w) ?? 0) < COMMON_TITLES);
  }
  const custom: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const api of hosts.custom) {
    const me = ops.filter((op) => op.api === api && op.path.endsWith('/me'));
    custom[api] = [...new Set(me.flatMap((op) => stems(op.path.split('/').at(-2) ?? '')))];
  }
  return { legacy, global: [...hosts.global], custom, words: ownWords(ops) };
}

/** The APIs served on the global host, and those on a host of the customer's own. */
export interface ApiHosts {
  global: readonly string[];
  custom: readonly string[];
}

const NO_HOSTS: ApiHosts = { global: [], custom: [] };

/** Words of an API's slug or tags that at least OWN_SHARE of the operations using them (anywhere) are its. */
function ownWords(ops: readonly Operation[]): Record<string, string> {
  const own = new Map<string, Set<string>>();
  const uses = new Map<string, Map<string, number>>();
  for (const op of ops) {
    for (const w of stems(`${op.api} ${op.tags.join(' ')}`)) {
      const apis = own.get(w) ?? new Set<string>();
      apis.add(op.api);
      own.set(w, apis);
    }
    const text = `${op.operationId} ${op.summary} ${op.description} ${pathWords(op.path)} ${op.tags.join(' ')} ${op.params.join(' ')} ${op.bodyFields.join(' ')}`;
    for (const w of new Set(stems(text))) {
      const byApi = uses.get(w) ?? new Map<string, number>();
      byApi.set(op.api, (byApi.get(op.api) ?? 0) + 1);
      uses.set(w, byApi);
    }
  }
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [w, byApi] of uses) {
    const total = [...byApi.values()].reduce((a, b) => a + b, 0);
    for (const [api, n] of byApi) if (n >= MIN_OPS && n / total >= OWN_SHARE && own.get(w)?.has(api)) out[w] = api;
  }
  return out;
}

/** The table as the prebuilt index stores it; anything malformed reads as empty. */
export function readProductTable(json: unknown): ProductTableJson {
  const data = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  const legacy = readLists(data.legacy);
  const custom = readLists(data.custom);
  const words: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [w, api] of Object.entries(isRecord(data.words) ? data.words : {})) if (typeof api === 'string') words[w] = api;
  const global = Array.isArray(data.global) ? data.global.filter((a): a is string => typeof a === 'string') : [];
  return { legacy, global, custom, words };
}

function readLists(json: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [api, words] of Object.entries(isRecord(json) ? json : {})) {
    if (Array.isArray(words)) out[api] = words.filter((w): w is string => typeof w === 'string');
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a query's words say about products, for the ranker. */
export interface ProductReading {
  /** APIs a word of the query names as nearly only theirs. */
  named: ReadonlySet<string>;
  /** The API is legacy and the query does not name it ("api product"). */
  legacyUnnamed: (api: string) => boolean;
  /** The API is the organization's own (global host) and the query says "konnect". */
  organization: (api: string) => boolean;
  /** The API is called as a customer domain's user (the dev portal's developer) and the query does not speak as one. */
  outsider: (api: string) => boolean;
}

export class Products {
  private readonly legacy: Map<string, string[]>;
  private readonly global: Set<string>;
  private readonly custom: Map<string, string[]>;
  private readonly words: Map<string, string>;

  constructor(readonly json: ProductTableJson = { legacy: {}, global: [], custom: {}, words: {} }) {
    this.legacy = new Map(Object.entries(json.legacy));
    this.global = new Set(json.global);
    this.custom = new Map(Object.entries(json.custom));
    this.words = new Map(Object.entries(json.words));
  }

  /** `words`: the query's words that may name a product (AnalyzedQuery.productWords); `self`: it speaks of "I". */
  read(words: readonly string[], self = false): ProductReading {
    const said = new Set(words);
    const named = new Set(words.flatMap((w) => this.words.get(w) ?? []));
    const konnect = said.has(KONNECT);
    return {
      named,
      legacyUnnamed: (api) => this.legacy.has(api) && !(this.legacy.get(api) ?? []).some((w) => said.has(w)),
      organization: (api) => konnect && this.global.has(api),
      outsider: (api) => this.custom.has(api) && !self && !(this.custom.get(api) ?? []).some((w) => said.has(w)),
    };
  }
}

const KONNECT = stem('konnect');
