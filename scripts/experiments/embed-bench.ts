// EXPERIMENT: what the word vectors cost: first search (decode + embedding the operations), warm search with and
// without the rerank in the same run, and the memory they add. Usage: tsx scripts/experiments/embed-bench.ts <sets...>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/load.js';
import { CATALOG_DIR } from '../../src/paths.js';
import { indexer, OperationIndex } from '../../src/search/index.js';
import { readCases } from '../lib/search-eval.js';

const files = process.argv.slice(2);
const queries = (await Promise.all(files.map(readCases))).flat().map((c) => c.q);
const rss0 = process.memoryUsage().rss;
const catalog = await loadCatalog({ indexer, dir: CATALOG_DIR });
const index = (catalog as unknown as { index: OperationIndex }).index;
const plain = new OperationIndex(index.ms, index.terms, index.vocab, index.plugins);
const byKey = (catalog as unknown as { byKey: Map<string, never> }).byKey;
const rss1 = process.memoryUsage().rss;
let t = performance.now();
plain.search(queries[0]!, { limit: 10 }, byKey);
const firstPlain = performance.now() - t;
t = performance.now();
index.search(queries[1]!, { limit: 10 }, byKey);
const firstEmbed = performance.now() - t;
const rss2 = process.memoryUsage().rss;
const runs = { plain: [] as number[], embed: [] as number[] };
for (let round = 0; round < 2; round++) for (const q of queries) { plain.search(q, { limit: 10 }, byKey); index.search(q, { limit: 10 }, byKey); }
const med = { plain: [] as number[], embed: [] as number[] };
for (const q of queries) {
  const r = { plain: [] as number[], embed: [] as number[] };
  for (let i = 0; i < 7; i++) {
    for (const [name, ix] of [['plain', plain], ['embed', index]] as const) {
      const t0 = performance.now();
      ix.search(q, { limit: 10 }, byKey);
      const dt = performance.now() - t0;
      r[name].push(dt);
      runs[name].push(dt);
    }
  }
  for (const name of ['plain', 'embed'] as const) med[name].push(r[name].sort((a, b) => a - b)[3]!);
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!.toFixed(2);
const size = readFileSync(join(CATALOG_DIR, 'catalog.json')).length;
console.log(`catalog.json ${(size / 1e6).toFixed(2)} MB; catalog load +${((rss1 - rss0) / 2 ** 20).toFixed(0)} MB RSS; first search: lexical ${firstPlain.toFixed(1)} ms, with vectors (decode + operations) ${firstEmbed.toFixed(1)} ms, +${((rss2 - rss1) / 2 ** 20).toFixed(0)} MB RSS`);
for (const name of ['plain', 'embed'] as const) {
  console.log(`${name.padEnd(6)} all runs p50 ${pct(runs[name], 0.5)} p95 ${pct(runs[name], 0.95)} ms; per-query medians p50 ${pct(med[name], 0.5)} p95 ${pct(med[name], 0.95)} ms (${queries.length} queries)`);
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
