// Literal values typed in a query ("expose https://orders.internal:8443", "invite alice@acme.com"): their kinds say
// which operations take them (Operation.literals).
import type { LiteralKind } from '../catalog/types.js';

/** Longest token read as a literal: longer ones are not looked at. */
const MAX_TOKEN = 200;
// Anchored, each over one bounded whitespace-free token, with no nested quantifiers: linear time.
const URL_RE = /^[a-z][a-z0-9+.-]{0,15}:\/\/[^\s/?#]+/i;
const EMAIL_RE = /^[^@\s]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8}$/i;
const IPV4 = '\\d{1,3}(?:\\.\\d{1,3}){3}';
const CIDR_RE = new RegExp(`^${IPV4}/\\d{1,2}$`);
const IP_RE = new RegExp(`^${IPV4}(?::\\d{1,5})?$`);
// A host name ends in a label of letters ("orders.internal", "api.acme.com"), so "1.2" or "v1.2" are not hosts.
const HOST_RE = /^(?:[a-z0-9-]{1,63}\.){1,8}([a-z]{2,24})(?::\d{1,5})?$/i;
// Endings of host names people type; "john.doe" or "config.yaml" are not hosts.
const HOST_ENDINGS = new Set(['com', 'net', 'org', 'io', 'dev', 'app', 'cloud', 'co', 'ai', 'internal', 'local', 'lan', 'corp', 'svc', 'cluster', 'example', 'test', 'localhost']);

/** The kinds of literal values a query holds, and the query with those values left out. */
export function readLiterals(query: string): { kinds: Set<LiteralKind>; rest: string } {
  const kinds = new Set<LiteralKind>();
  const rest = query.split(/(\s+)/).map((raw) => {
    if (raw.length > MAX_TOKEN) return raw;
    // Punctuation around it and a possessive are the sentence's, not the value's ("is it live?").
    const lead = /^[("'<]*/.exec(raw)![0];
    const trail = /(?:'s)?[)"'>,;:.!?]*$/.exec(raw.slice(lead.length))![0];
    const kind = literalKind(raw.slice(lead.length, raw.length - trail.length));
    if (!kind) return raw;
    kinds.add(kind);
    if (kind === 'url') kinds.add('host');
    return `${lead}${trail}`;
  });
  return { kinds, rest: rest.join('') };
}

function literalKind(token: string): LiteralKind | undefined {
  if (token === '') return undefined;
  if (URL_RE.test(token)) return 'url';
  if (EMAIL_RE.test(token)) return 'email';
  if (CIDR_RE.test(token)) return 'cidr';
  if (IP_RE.test(token)) return 'ip';
  if (HOST_ENDINGS.has(HOST_RE.exec(token)?.[1]?.toLowerCase() ?? '')) return 'host';
  return undefined;
}

/** The operation kinds that take a literal of each query kind: a CIDR fits a field of IPs, a URL one of hosts. */
const TAKES: Record<LiteralKind, readonly LiteralKind[]> = {
  url: ['url', 'host'],
  host: ['host', 'url'],
  ip: ['ip'],
  cidr: ['cidr', 'ip'],
  email: ['email'],
};

/** Whether an operation takes a value of one of the query's literal kinds. */
export function takesLiteral(opKinds: readonly LiteralKind[] | undefined, queryKinds: ReadonlySet<LiteralKind>): boolean {
  if (!opKinds || queryKinds.size === 0) return false;
  for (const k of queryKinds) if (TAKES[k].some((t) => opKinds.includes(t))) return true;
  return false;
}
