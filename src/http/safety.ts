// Read-only mode and allow/deny lists, enforced inside execute.
import type { Operation } from '../catalog/types.js';
import { RefusedError } from '../errors.js';

const QUERY_SEGMENT = /^(query|search|_search|_query|metrics|requests)$/i;

/**
 * A call is a read when it cannot change state: GET/HEAD/OPTIONS, or a POST that only queries
 * (analytics api-requests and metrics queries, search endpoints), recognised from its path and operationId.
 */
export function isReadOperation(op: Pick<Operation, 'method' | 'path' | 'operationId'>): boolean {
  if (op.method === 'GET' || op.method === 'HEAD' || op.method === 'OPTIONS') return true;
  if (op.method !== 'POST') return false;
  const last = op.path.split('/').filter(Boolean).pop() ?? '';
  if (last.startsWith('{')) return false;
  return QUERY_SEGMENT.test(last) || /^(query|search)(-|$)/i.test(op.operationId);
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

export function checkPolicy(op: Pick<Operation, 'method' | 'path' | 'operationId'>, policy: Policy): void {
  const label = `${op.operationId} (${op.method} ${op.path})`;
  const denied = policy.deny.find((r) => matchesRule(r, op));
  if (denied) throw new RefusedError(`${label} is blocked by the deny rule "${denied}" (KONNECT_MCP_DENY).`, 'DENIED');
  if (policy.allow.length > 0 && !policy.allow.some((r) => matchesRule(r, op))) {
    throw new RefusedError(`${label} is not in the allow list (KONNECT_MCP_ALLOW: ${policy.allow.join(', ')}).`, 'DENIED');
  }
  if (policy.readOnly && !isReadOperation(op)) {
    throw new RefusedError(`${label} writes, and konnect-mcp runs in read-only mode. Restart without --read-only / KONNECT_READ_ONLY to allow writes.`, 'READ_ONLY');
  }
}
