import { describe, expect, it } from 'vitest';
import type { Hit } from '../../src/catalog/types.js';
import { parseConfig } from '../../src/config.js';
import { createDeps } from '../../src/deps.js';
import { CATALOG_DIR, DOCS_DIR } from '../../src/paths.js';
import type { SearchDetail } from '../../src/search/index.js';
import { baseSignals, featureRow, readWeights, reorder, REORDER_DEPTH, REORDER_FEATURES } from '../../src/search/reorder.js';
import { operation } from '../helpers/operations.js';

const hit = (id: string, score: number): Hit => ({ op: operation({ method: 'GET', path: `/${id}`, operationId: id, summary: id }), score });
const only = (feature: string, weight = 1) => ({ features: REORDER_FEATURES, weights: REORDER_FEATURES.map((f) => (f === feature ? weight : 0)) });
const row = (values: Partial<Record<(typeof REORDER_FEATURES)[number], number>>): number[] => REORDER_FEATURES.map((f) => values[f] ?? 0);

describe('learned reorder', () => {
  it('keeps the first hit and orders the next ones by the weighted rows', () => {
    const hits = [hit('a', 10), hit('b', 8), hit('c', 7), hit('d', 6)];
    const rows = [row({ cosine: 0 }), row({ cosine: 0.1 }), row({ cosine: 0.9 }), row({ cosine: 0.5 })];
    const out = reorder(hits, rows, only('cosine'));
    expect(out.map((h) => h.op.operationId)).toEqual(['a', 'c', 'd', 'b']);
    // A hit moved above a better score shows the score before it: scores never rise down the list.
    expect(out.map((h) => h.score)).toEqual([10, 7, 6, 6]);
  });

  it('keeps the lexical order among ties, and all of it without a model', () => {
    const hits = [hit('a', 3), hit('b', 2), hit('c', 1)];
    const rows = hits.map(() => row({}));
    expect(reorder(hits, rows, only('cosine')).map((h) => h.op.operationId)).toEqual(['a', 'b', 'c']);
    expect(reorder(hits, [], undefined).map((h) => h.op.operationId)).toEqual(['a', 'b', 'c']);
  });

  it('leaves hits past the tenth where they are', () => {
    const hits = Array.from({ length: REORDER_DEPTH + 2 }, (_, i) => hit(`h${i}`, 100 - i));
    const rows = hits.slice(0, REORDER_DEPTH).map((_, i) => row({ position: i }));
    const out = reorder(hits, rows, only('position'));
    // Weighing position up reverses hits 2..10; the 11th and 12th stay.
    expect(out.map((h) => h.op.operationId)).toEqual(['h0', 'h9', 'h8', 'h7', 'h6', 'h5', 'h4', 'h3', 'h2', 'h1', 'h10', 'h11']);
  });

  it('reads its row from the parts of the score, as logs, and the method and shape of the operation', () => {
    const op = operation({ method: 'DELETE', path: '/things/{id}', operationId: 'delete-thing', summary: 'Delete a thing' });
    const signals = { ...baseSignals(Math.E, 1, 1), summary: 0.5 };
    const r = featureRow(op, { signals, cosine: 0.25, own: 1, withDocs: 1, act: true }, 3);
    const at = (f: (typeof REORDER_FEATURES)[number]) => r[REORDER_FEATURES.indexOf(f)];
    expect(r).toHaveLength(REORDER_FEATURES.length);
    expect(at('base')).toBeCloseTo(1);
    expect(at('factor')).toBe(0);
    expect(at('summary')).toBe(0.5);
    expect(at('cosine')).toBe(0.25);
    expect(at('act')).toBe(1);
    expect(at('item')).toBe(1);
    expect(at('position')).toBe(3);
    expect(at('delete')).toBe(1);
    expect(at('get')).toBe(0);
  });

  it('refuses stored weights for other features, or with a weight that is not a number', () => {
    expect(readWeights()).toBeDefined();
    expect(readWeights({ features: ['base'], weights: [1] })).toBeUndefined();
    expect(readWeights({ features: REORDER_FEATURES, weights: REORDER_FEATURES.map(() => Number.NaN) })).toBeUndefined();
    expect(readWeights({ features: [...REORDER_FEATURES].reverse(), weights: REORDER_FEATURES.map(() => 1) })).toBeUndefined();
    expect(readWeights(null)).toBeUndefined();
  });

  it('changes neither the first hit nor confidence of a real search, only the order below it', async () => {
    const deps = createDeps({ config: parseConfig({}).config, version: 'test', catalogDir: CATALOG_DIR, docsDir: DOCS_DIR, log: () => {} });
    const catalog = await deps.catalog();
    const query = 'how does the checkout service score on the production-readiness scorecard';
    const learned = catalog.search(query, { limit: 10 }) as SearchDetail;
    expect(learned.rows).toHaveLength(REORDER_DEPTH);
    expect(learned.rows?.every((r) => r.row.length === REORDER_FEATURES.length)).toBe(true);
    // The rows are in the lexical order: the same search without a model returns them as they are.
    const lexicalIds = learned.rows!.map((r) => r.operationId);
    expect(learned.hits[0]?.op.operationId).toBe(lexicalIds[0]);
    expect(new Set(learned.hits.map((h) => h.op.operationId))).toEqual(new Set(lexicalIds));
    expect(learned.hits.map((h) => h.op.operationId)).not.toEqual(lexicalIds);
    expect(learned.confidence).toBe('high');
  });
});
