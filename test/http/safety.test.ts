import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { indexer } from '../../src/search/index.js';
import { RefusedError } from '../../src/errors.js';
import { checkPolicy, isReadOperation, matchesRule } from '../../src/http/safety.js';
import { operationSpec } from '../../src/http/spec.js';
import { CATALOG_DIR } from '../../src/paths.js';

const op = (method: string, path: string, operationId: string, summary = '') => ({ method: method as 'GET', path, operationId, summary });
const open = { readOnly: false, allow: [], deny: [] };

describe('isReadOperation over the whole catalog', () => {
  it('counts exactly the query POSTs as reads, derived from the spec, in every bundled version', async () => {
    const catalog = await loadCatalog({ indexer, dir: CATALOG_DIR, allVersions: true });
    const postReads = new Set<string>();
    for (const o of catalog.operations) {
      const spec = operationSpec(await catalog.spec(catalog.api(o)), o);
      const read = isReadOperation(o, spec.successStatuses);
      if (o.method === 'GET' || o.method === 'HEAD') expect(read, `${o.api} ${o.operationId}`).toBe(true);
      if (['PUT', 'PATCH', 'DELETE'].includes(o.method)) expect(read, `${o.api} ${o.operationId}`).toBe(false);
      if (o.method === 'POST' && read) postReads.add(`${o.api}:${o.operationId}`);
    }
    expect([...postReads].sort()).toEqual([
      'analytics-metrics:metrics',
      'analytics-requests:query-requests',
      'dev-portal:query-application-analytics',
      'metering-and-billing:query-feature-cost',
      'metering-and-billing:query-meter',
    ]);
  });

  it('keeps POSTs that change state as writes even when they answer 200', () => {
    expect(isReadOperation(op('POST', '/x/{id}/publish', 'publish-plan', 'Publish plan version'), ['200'])).toBe(false);
    expect(isReadOperation(op('POST', '/schemas/{name}/validate', 'validate-entity-schema', 'Validate entity schema'), ['200'])).toBe(false);
    expect(isReadOperation(op('POST', '/things/query', 'query-things', 'Query things'), ['201'])).toBe(false);
  });
});

describe('checkPolicy', () => {
  const del = op('DELETE', '/control-planes/{controlPlaneId}', 'delete-control-plane');
  const query = op('POST', '/api-requests', 'query-requests', 'Query API Requests');

  it('read-only blocks a DELETE and allows the analytics query', () => {
    expect(() => checkPolicy(del, ['204'], { ...open, readOnly: true })).toThrow(/writes, and konnect-mcp runs in read-only mode/);
    expect(() => checkPolicy(query, ['200'], { ...open, readOnly: true })).not.toThrow();
  });

  it('deny wins over allow and names the rule', () => {
    expect(() => checkPolicy(del, ['204'], { ...open, allow: ['*'], deny: ['DELETE *'] })).toThrow(/blocked by the deny rule "DELETE \*"/);
  });

  it('allow lists only what matches, by operationId or METHOD /path', () => {
    expect(() => checkPolicy(del, ['204'], { ...open, allow: ['list-*', 'get-*'] })).toThrow(RefusedError);
    expect(() => checkPolicy(del, ['204'], { ...open, allow: ['delete-control-plane'] })).not.toThrow();
    expect(() => checkPolicy(del, ['204'], { ...open, allow: ['DELETE /control-planes/*'] })).not.toThrow();
  });

  it('matches globs case-insensitively and literally otherwise', () => {
    expect(matchesRule('get /control-planes', op('GET', '/control-planes', 'x'))).toBe(true);
    expect(matchesRule('list-route?', op('GET', '/r', 'list-routes'))).toBe(true);
    expect(matchesRule('list.route', op('GET', '/r', 'list-route'))).toBe(false);
  });
});
