import { describe, expect, it } from 'vitest';
import { hubCounts, type EvalCase } from '../../../scripts/lib/search-eval.js';

const asks = (api: string, operationId: string): EvalCase => ({ q: 'q', expect: [{ api, operationId }] });
const none: EvalCase = { q: 'q', expect: [] };

describe('hubCounts', () => {
  it('counts an operation in the top 3 for questions another API answers, or none does', () => {
    const hubs = hubCounts([
      { c: asks('catalog', 'create-service'), got: ['billing:checkout', 'catalog:create-service', 'catalog:list-services'] },
      { c: none, got: ['gateway:list-nodes', 'billing:checkout'] },
      { c: asks('portal', 'create-allow-list'), got: ['portal:list-portals', 'portal:create-allow-list', 'gateway:list-nodes', 'billing:checkout'] },
    ]);
    expect(hubs).toEqual([
      { op: 'billing:checkout', top: 2, first: 1 },
      { op: 'gateway:list-nodes', top: 2, first: 1 },
    ]);
  });

  it('leaves out operations of the API that answers, right or wrong: ranking within an API is not hubness', () => {
    expect(hubCounts([{ c: asks('catalog', 'create-service'), got: ['catalog:update-service', 'catalog:create-service'] }])).toEqual([]);
  });
});
