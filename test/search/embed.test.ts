import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { embedWords, encodeWordTable, readWordTable, WordVectors } from '../../src/search/embed.js';
import { buildIndex, loadIndex, searchOperations } from '../../src/search/index.js';
import { operationKey, type Operation } from '../../src/catalog/types.js';
import { REORDER_FEATURES } from '../../src/search/reorder.js';
import { operation } from '../helpers/operations.js';

const op = (operationId: string, summary: string, path = `/${operationId}`): Operation => operation({ method: 'DELETE', path, operationId, summary });

// Three directions: removing, listing, colours. "erase" sits next to "delete".
const TABLE = encodeWordTable(3, [
  { word: 'delete', weight: 1, vector: [1, 0, 0] },
  { word: 'erase', weight: 1, vector: [0.9, 0.1, 0] },
  { word: 'list', weight: 1, vector: [0, 1, 0] },
  { word: 'widget', weight: 0.01, vector: [0, 0, 1] },
  { word: 'gadget', weight: 0.01, vector: [0, 0, 1] },
  { word: 'red', weight: 1, vector: [0, 0.2, 1] },
  { word: 'Bad-Word', weight: 1, vector: [1, 1, 1] },
]);

describe('word vectors', () => {
  it('splits camelCase and keeps letters only, as the build did', () => {
    expect(embedWords('deleteWidget v2 (RED)')).toEqual(['delete', 'widget', 'v', 'red']);
  });

  it('stores words sorted and drops words it could not look up', () => {
    expect(TABLE.words.split(' ')).toEqual(['delete', 'erase', 'gadget', 'list', 'red', 'widget']);
  });

  it('embeds a text as the unit weighted mean of its known words, and nothing when none is known', () => {
    const words = new WordVectors(TABLE);
    const v = words.embed('erase the widget')!;
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    // The widget barely counts: it is a frequent word here.
    expect(v[0]).toBeGreaterThan(0.9);
    expect(words.embed('zzz qqq')).toBeUndefined();
  });

  it('reads nothing from a malformed table and refuses one whose sizes disagree', () => {
    expect(readWordTable(undefined)).toBeUndefined();
    expect(readWordTable({ dims: 3, words: 1 })).toBeUndefined();
    const broken = readWordTable({ ...TABLE, vectors: Buffer.from([1, 2]).toString('base64') })!;
    expect(() => broken.embed('delete')).toThrow(ConfigError);
  });

  it('travels with the search index, where closeness to the query can reorder the results after the first', () => {
    const table = encodeWordTable(3, [
      { word: 'crimson', weight: 1, vector: [0, 0.1, 1] },
      { word: 'red', weight: 1, vector: [0, 0, 1] },
      { word: 'list', weight: 1, vector: [0, 1, 0] },
      { word: 'gadget', weight: 0.01, vector: [1, 0, 0] },
      { word: 'gadgets', weight: 0.01, vector: [1, 0, 0] },
    ]);
    const ops = [op('crimson-gadget', 'Crimson gadget'), op('list-gadgets', 'List gadgets gadget'), op('red-gadget', 'Red gadget')];
    const built = buildIndex(ops, () => 'Things', { wordTable: table });
    const json = JSON.parse(JSON.stringify(built.toJSON())) as Record<string, unknown>;
    const loaded = loadIndex(json);
    expect(loaded.words?.json).toEqual(table);
    const plain = loadIndex({ ...json, wordVectors: undefined });
    expect(plain.words).toBeUndefined();
    // A reorder that weighs closeness alone, so the word vectors decide the order below the first.
    const byCosine = { features: REORDER_FEATURES, weights: REORDER_FEATURES.map((f) => (f === 'cosine' ? 1 : 0)) };
    loaded.reorder = byCosine;
    plain.reorder = byCosine;
    const byKey = new Map(ops.map((o) => [operationKey(o), o]));
    const ids = (index: typeof plain) => searchOperations(index, byKey, 'crimson gadget', { limit: 10 }).hits.map((h) => h.op.operationId);
    expect(ids(plain)).toEqual(['crimson-gadget', 'list-gadgets', 'red-gadget']);
    expect(ids(loaded)).toEqual(['crimson-gadget', 'red-gadget', 'list-gadgets']);
  });
});
