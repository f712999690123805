// EXPERIMENT (not part of the build): does a sentence-embedding model fused with the lexical ranking lift recall?
// Usage: tsx scripts/experiments/embed-fusion.ts <model-module> <tuning sets...> (models/use.mjs, models/glove.mjs;
// EMBED_TEXT=full|summary|short|entity picks the operation text, CENTER=1 centres the vectors, SHOW=<variant> lists
// the questions a variant moves). Tuning sets only: the variants are chosen here.
// The model module exports `embed(texts: string[]): Promise<Float32Array[]>` (unit vectors).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config.js';
import { createDeps } from '../../src/deps.js';
import { CATALOG_DIR, DOCS_DIR } from '../../src/paths.js';
import { runSearch } from '../../src/tools/search.js';
import type { Operation } from '../../src/catalog/types.js';
import { pathWords, splitWords } from '../../src/text/words.js';
import { readCases } from '../lib/search-eval.js';

const [modelModule, ...files] = process.argv.slice(2);
if (!modelModule) throw new Error('usage: embed-fusion.ts <model-module> <sets...>');
const model = (await import(modelModule)) as { name: string; embed(texts: string[]): Promise<Float32Array[]> };

const deps = createDeps({ config: parseConfig({}).config, version: 'eval', catalogDir: CATALOG_DIR, docsDir: DOCS_DIR, log: () => {} });
const catalog = await deps.catalog();
const ops = catalog.operations.filter((op) => op.latest);
// The lexical ranking alone: this script applies its own fusion variants.
(catalog as unknown as { index: { words?: unknown } }).index.words = undefined;

const TEXT_MODE = process.env.EMBED_TEXT ?? 'full';
function opText(op: Operation): string {
  if (TEXT_MODE === 'summary') return op.summary || splitWords(op.operationId);
  if (TEXT_MODE === 'entity') return `${op.summary}. ${splitWords(op.operationId)}. ${pathWords(op.path)}. ${op.tags.join(' ')}. ${op.description.slice(0, 300)} ${(op.entity ?? '').slice(0, 300)}`;
  if (TEXT_MODE === 'short') return `${op.summary}. ${pathWords(op.path)}`;
  const desc = op.description.length > 300 ? op.description.slice(0, 300) : op.description;
  return `${op.summary}. ${splitWords(op.operationId)}. ${pathWords(op.path)}. ${op.tags.join(' ')}. ${desc}`;
}

const cacheFile = join(tmpdir(), `konnect-embed-cache-${model.name}.json`); // keyed by text, so text modes share it
const cache: Record<string, number[]> = existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : {};
async function vectors(texts: string[]): Promise<Float32Array[]> {
  const missing = [...new Set(texts.filter((t) => !(t in cache)))];
  for (let i = 0; i < missing.length; i += 32) {
    const batch = missing.slice(i, i + 32);
    const out = await model.embed(batch);
    batch.forEach((t, j) => (cache[t] = Array.from(out[j]!)));
  }
  if (missing.length) writeFileSync(cacheFile, JSON.stringify(cache));
  return texts.map((t) => Float32Array.from(cache[t]!));
}
const t0 = performance.now();
const modelAny = model as unknown as { setCatalogWords?: (w: Set<string>) => void };
modelAny.setCatalogWords?.(new Set(ops.flatMap((op) => opText(op).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().match(/[a-z]+/g) ?? [])));
let opVecs = await vectors(ops.map(opText));
// Centering: subtract the mean operation vector, so what all operations share does not count.
const center = process.env.CENTER === '1';
const mean = new Float32Array(opVecs[0]!.length);
for (const v of opVecs) for (let i = 0; i < v.length; i++) mean[i]! += v[i]! / opVecs.length;
const centered = (v: Float32Array): Float32Array => {
  if (!center) return v;
  const c = v.map((x, i) => x - mean[i]!);
  const n = Math.sqrt(c.reduce((s, x) => s + x * x, 0)) || 1;
  return c.map((x) => x / n);
};
opVecs = opVecs.map(centered);
console.error(`ops embedded/loaded in ${(performance.now() - t0).toFixed(0)} ms`);
const keyOf = (op: Operation) => `${op.api}:${op.operationId}`;
const outKeys = ops.map(keyOf);

const dot = (a: Float32Array, b: Float32Array) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!; return s; };

type Variant = (lex: { key: string; score: number; plugin: boolean }[], cos: Map<string, number>) => string[];
const variants: Record<string, Variant> = {
  lexical: (lex) => lex.map((h) => h.key),
  embedOnly: (_lex, cos) => [...cos].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k]) => k),
};
for (const w of [0.3, 0.5, 1]) for (const k of [10, 60]) {
  variants[`rrf w${w} k${k}`] = (lex, cos) => {
    const embRank = [...cos].sort((a, b) => b[1] - a[1]).slice(0, 50);
    const s = new Map<string, number>();
    lex.forEach((h, i) => s.set(h.key, (s.get(h.key) ?? 0) + 1 / (k + i + 1)));
    embRank.forEach(([key], i) => s.set(key, (s.get(key) ?? 0) + w / (k + i + 1)));
    return [...s].sort((a, b) => b[1] - a[1]).map(([key]) => key);
  };
}
type Lex = Parameters<Variant>[0];
/** Keeps lex[0..from) in place and orders lex[from..to) by lexical score (over the best) + a × cosine. */
function reorder(lex: Lex, cos: Map<string, number>, a: number, from: number, to: number): string[] {
  const top = lex[0]?.score || 1;
  const head = lex.slice(from, to).map((h) => ({ key: h.key, s: h.score / top + a * (cos.get(h.key) ?? 0) }));
  head.sort((x, y) => y.s - x.s);
  return [...lex.slice(0, from).map((h) => h.key), ...head.map((h) => h.key), ...lex.slice(to).map((h) => h.key)];
}
// A plugin-goal answer (promoted by plugins.ts) keeps its first place in every variant but keep1/swap's own rule.
const pluginFirst = (lex: Lex) => (lex[0]?.plugin ? 1 : 0);
for (const a of [0.25, 0.5, 1, 2]) for (const depth of [10, 30]) {
  variants[`mix a${a} top${depth}`] = (lex, cos) => reorder(lex, cos, a, pluginFirst(lex), depth);
}
for (const a of [0.5, 1, 2]) for (const t of [0.6, 0.8]) {
  // Only hits lexically within t of the best are reordered.
  variants[`tie a${a} t${t}`] = (lex, cos) => {
    const n = lex.findIndex((h) => h.score < t * (lex[0]?.score ?? 1));
    return reorder(lex, cos, a, pluginFirst(lex), n < 0 ? lex.length : n);
  };
}
for (const a of [0.5, 1, 2]) for (const depth of [10, 20]) {
  // The lexical first stays first; the embedding reorders the rest of the head (recall@5 only).
  variants[`keep1 a${a} top${depth}`] = (lex, cos) => reorder(lex, cos, a, 1, depth);
}
for (const a of [0.5, 1, 1.5]) for (const depth of [10, 20]) for (const t of [0.9, 0.95]) {
  // keep1, but the first may change when the second is nearly as good lexically.
  variants[`swap a${a} top${depth} t${t}`] = (lex, cos) =>
    reorder(lex, cos, a, lex[0]?.plugin || (lex[1]?.score ?? 0) < t * (lex[0]?.score ?? 1) ? 1 : 0, depth);
}

const totals = new Map<string, { r1: number; r5: number; n: number }[]>();
for (const file of files) {
  const cases = (await readCases(file)).filter((c) => c.expect.length > 0);
  if (cases.length === 0) continue;
  const qv = (await vectors(cases.map((c) => c.q))).map(centered);
  const per = new Map<string, { r1: number; r5: number }>();
  for (const [ci, c] of cases.entries()) {
    const want = new Set(c.expect.map((e) => `${e.api}:${e.operationId}`));
    const lex = (await runSearch({ query: c.q, limit: 50 }, deps)).results.map((r) => ({ key: `${r.api}:${r.operationId}`, score: r.score, plugin: r.summary.includes('(likely plugin:') }));
    const cos = new Map<string, number>();
    opVecs.forEach((v, i) => cos.set(outKeys[i]!, dot(v, qv[ci]!)));
    const lexRank = lex.findIndex((h) => want.has(h.key)) + 1;
    for (const [name, fn] of Object.entries(variants)) {
      const got = fn(lex, cos);
      const rank = got.findIndex((k) => want.has(k)) + 1;
      if (name === process.env.SHOW && rank !== lexRank && !/blind/.test(file)) {
        console.log(`    ${lexRank} -> ${rank}  ${c.q}  [got ${got[0]}]`);
      }
      const p = per.get(name) ?? { r1: 0, r5: 0 };
      if (rank === 1) p.r1++;
      if (rank >= 1 && rank <= 5) p.r5++;
      per.set(name, p);
    }
  }
  console.log(`${file} (${cases.length})`);
  for (const [name, p] of per) {
    console.log(`  ${name.padEnd(18)} r@1 ${(p.r1 / cases.length).toFixed(3)}  r@5 ${(p.r5 / cases.length).toFixed(3)}`);
    const t = totals.get(name) ?? [];
    t.push({ ...p, n: cases.length });
    totals.set(name, t);
  }
}
console.log('macro average over sets');
for (const [name, t] of totals) {
  const r1 = t.reduce((s, x) => s + x.r1 / x.n, 0) / t.length;
  const r5 = t.reduce((s, x) => s + x.r5 / x.n, 0) / t.length;
  console.log(`  ${name.padEnd(18)} r@1 ${r1.toFixed(3)}  r@5 ${r5.toFixed(3)}`);
}
