// Read-only mode and allow/deny lists, enforced inside execute.
import type { Operation } from '../catalog/types.js';
import { RefusedError } from '../errors.js';

type OpLike = Pick<Operation, 'method' | 'path' | 'operationId' | 'summary'>;

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const QUERY_WORD = /^(query|search)$/i;

/** The word an operation names itself with: the first of its summary and operationId, and its last fixed path segment. */
function actionWords(op: OpLike): string[] {
  const lastStatic = op.path.split('/').filter((s) => s && !s.startsWith('{')).pop() ?? '';
  return [op.summary.trim().split(/\s+/)[0] ?? '', op.operationId.split(/[-_]|(?=[A-Z])/)[0] ?? '', lastStatic];
}

/** How a spec of the user's own marks a POST that only reads (documented in the README). */
export const READ_MARK = 'x-konnect-mcp-read';

/** Where an operation comes from: a user spec's POST is a read only when the spec marks it so. */
export interface Provenance {
  source: 'bundled' | 'user';
  /** The operation's own `x-konnect-mcp-read: true`. */
  markedRead: boolean;
}

/**
 * A call is a read when it cannot change state: GET/HEAD/OPTIONS, or a POST that only queries. For the bundled
 * specs the spec says so when the POST names itself a query or search and answers only 200 with results (a write
 * answers 201, 202 or 204): the analytics api-requests and metrics queries, the portal analytics query and the
 * metering meter/cost queries; the search endpoints are GETs. A user spec's wording is not trusted ("Search and
 * purge the cache"): its POSTs are writes unless marked with x-konnect-mcp-read: true.
 */
export function isReadOperation(op: OpLike, successStatuses: string[], from: Provenance = { source: 'bundled', markedRead: false }): boolean {
  if (READ_METHODS.has(op.method)) return true;
  if (op.method !== 'POST') return false;
  if (from.source === 'user') return from.markedRead;
  const onlyOk = successStatuses.length > 0 && successStatuses.every((s) => s === '200');
  return onlyOk && actionWords(op).some((w) => QUERY_WORD.test(w));
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Does a glob match the operationId or "METHOD /path"? */
export function matchesRule(rule: string, op: Pick<Operation, 'method' | 'path' | 'operationId'>): boolean {
  const re = globToRegExp(rule.trim());
  return re.test(op.operationId) || re.test(`${op.method} ${op.path}`);
}

export interface Policy {
  readOnly: boolean;
  allow: string[];
  deny: string[];
}

export function checkPolicy(op: OpLike, successStatuses: string[], policy: Policy, from?: Provenance): void {
  const label = `${op.operationId} (${op.method} ${op.path})`;
  const denied = policy.deny.find((r) => matchesRule(r, op));
  if (denied) throw new RefusedError(`${label} is blocked by the deny rule "${denied}" (--deny / KONNECT_MCP_DENY).`, 'DENIED');
  if (policy.allow.length > 0 && !policy.allow.some((r) => matchesRule(r, op))) {
    throw new RefusedError(`${label} is not in the allow list (--allow / KONNECT_MCP_ALLOW: ${policy.allow.join(', ')}).`, 'DENIED');
  }
  if (policy.readOnly && !isReadOperation(op, successStatuses, from)) {
    throw new RefusedError(`${label} writes, and konnect-mcp runs in read-only mode. Restart without --read-only / KONNECT_READ_ONLY to allow writes.`, 'READ_ONLY');
  }
}
