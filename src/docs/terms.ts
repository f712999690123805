// Terms for the docs index: the same tokenizer, stop words and stemmer at build time and at query time.
import { stemDerivational } from '../text/stem.js';
import { splitTokens } from '../text/words.js';

const STOP_WORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does doing done for from had has have having how i if in into is it its ' +
    'many me much my no nor not of on or our per please should so some such than that the their them then there these they this those to too ' +
    'use using very via want was we were what when where which while who whom why will with would you your ' +
    // what is left of contractions once the apostrophe splits them
    'aren couldn didn doesn don isn ll re shouldn ve wasn won wouldn'
  ).split(' '),
);

/**
 * A token -> its index terms: lowercase stem, plus camelCase parts (`KongPlugin` -> kongplugin, kong, plugin).
 * Unlike operation search (tokenizeForIndex), prose splits digits off too ("OAuth2" -> oauth) and keeps brand
 * spellings whole, and parts shorter than three letters say nothing.
 */
export function processTerm(token: string): string[] | null {
  const lower = token.toLowerCase();
  if (lower.length < 2 || STOP_WORDS.has(lower)) return null;
  const terms = [stemDerivational(lower)];
  const parts = token.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g);
  // A trailing capital is a brand spelling, not a word boundary (decK is not "dec" + "K").
  if (parts && parts.length > 1 && parts[parts.length - 1]!.length > 1) {
    for (const p of parts) if (p.length > 2 && !STOP_WORDS.has(p.toLowerCase())) terms.push(stemDerivational(p.toLowerCase()));
  }
  return [...new Set(terms)];
}

/** Kong and Konnect shorthand -> the words the docs use. Same meaning, so full weight. */
// Maps, not object lookups: query words such as "constructor" must not reach Object.prototype.
const ABBREVIATIONS = new Map<string, string>(Object.entries({
  dp: 'data plane',
  dps: 'data planes',
  cp: 'control plane',
  cps: 'control planes',
  cpg: 'control plane group',
  k8s: 'kubernetes',
  kic: 'kong ingress controller',
  ko: 'kong operator',
  kgo: 'kong gateway operator',
  oidc: 'openid connect',
  openid: 'oidc',
  mtls: 'mutual tls',
  dcgw: 'dedicated cloud gateways',
  tf: 'terraform',
  rbac: 'roles teams',
  pat: 'personal access token',
  spat: 'system account token',
  apikey: 'key auth',
  ratelimit: 'rate limiting',
  ratelimiting: 'rate limiting',
  devportal: 'dev portal',
  env: 'environment variable',
  lb: 'load balancing',
  cert: 'certificate',
  certs: 'certificates',
  llm: 'ai',
  otel: 'opentelemetry',
  jwks: 'jwk',
  ip: 'ip address',
  ips: 'ip addresses',
  sso: 'single sign-on',
  idp: 'identity provider',
  jwt: 'json web token',
}));

/** Everyday words for what the docs name otherwise. Related, not equal, so half weight. */
const SYNONYMS = new Map<string, string>(Object.entries({
  fake: 'mock',
  stub: 'mock',
  dummy: 'mock',
  down: 'outage',
  offline: 'outage',
  unavailable: 'outage',
  unreachable: 'outage',
  maximum: 'limit',
  max: 'limit',
  whitelist: 'allow',
  allowlist: 'allow',
  blacklist: 'deny',
  denylist: 'deny',
  blocklist: 'deny',
  throttle: 'rate limiting',
  throttling: 'rate limiting',
  quota: 'rate limiting',
  mask: 'sanitize pii',
  redact: 'sanitize pii',
  scrub: 'sanitize pii',
  anonymize: 'sanitize pii',
  hosted: 'managed',
  secret: 'vault',
  secrets: 'vault',
  slow: 'latency',
  cpu: 'resource sizing',
  ram: 'resource sizing',
  ssl: 'tls',
  https: 'tls',
  backend: 'upstream',
  backends: 'upstreams',
  endpoint: 'route',
  endpoints: 'routes',
  user: 'consumer',
  users: 'consumers',
  client: 'consumer',
  clients: 'consumers',
  reuse: 'cache',
  answer: 'response',
  answers: 'responses',
  reply: 'response',
  swagger: 'openapi',
  monitor: 'metrics',
  monitoring: 'metrics',
  block: 'deny',
  login: 'authentication',
  settings: 'configuration',
}));

const ABBREVIATION_WEIGHT = 1;
const SYNONYM_WEIGHT = 0.5;

export interface QueryTerms {
  /** Distinct index terms, in query order. */
  terms: string[];
  /** Weight per term: 1 for the user's words, less for synonyms. */
  weights: Map<string, number>;
}

/** A query -> its index terms, with shorthand expanded and synonyms added at a lower weight. */
export function queryTerms(query: string): QueryTerms {
  const weights = new Map<string, number>();
  const add = (text: string, weight: number): void => {
    for (const token of splitTokens(text)) {
      for (const term of processTerm(token) ?? []) weights.set(term, Math.max(weights.get(term) ?? 0, weight));
    }
  };
  add(query, 1);
  for (const token of splitTokens(query)) {
    const lower = token.toLowerCase();
    const abbr = ABBREVIATIONS.get(lower);
    if (abbr) add(abbr, ABBREVIATION_WEIGHT);
    const syn = SYNONYMS.get(lower);
    if (syn) add(syn, SYNONYM_WEIGHT);
  }
  return { terms: [...weights.keys()], weights };
}
