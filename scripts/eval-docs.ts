// npm run eval:docs: recall@3 of search_docs on test/fixtures/docs-eval.jsonl, plus load time and search latency.
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { loadDocsIndex } from '../src/docs/index.js';

interface Case { q: string; url: string }

const file = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'test/fixtures/docs-eval.jsonl';
const verbose = process.argv.includes('--verbose');
const cases = (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Case);
const page = (url: string): string => url.split('#')[0]!.replace(/\/?$/, '/');

const t0 = performance.now();
const docs = await loadDocsIndex('dist/docs');
const loadMs = performance.now() - t0;

let hits = 0;
let sectionCases = 0;
let sectionHits = 0;
let rr = 0;
for (const c of cases) {
  const results = docs.search(c.q, 5);
  const rank = results.findIndex((r) => page(r.url) === page(c.url));
  if (rank >= 0 && rank < 3) hits++;
  if (rank >= 0) rr += 1 / (rank + 1);
  if (c.url.includes('#')) {
    sectionCases++;
    if (results.slice(0, 3).some((r) => r.url === c.url)) sectionHits++;
  }
  if (verbose || rank < 0 || rank >= 3) {
    console.log(`${rank >= 0 && rank < 3 ? 'ok  ' : 'MISS'} ${c.q}\n     want ${c.url}${rank >= 0 ? ` (rank ${rank + 1})` : ''}`);
    for (const r of results.slice(0, 3)) console.log(`     got  ${r.url}`);
  }
}

// Latency once loaded: every question, several rounds, after a warm-up round.
for (const c of cases) docs.search(c.q, 5);
const times: number[] = [];
for (let round = 0; round < 20; round++) {
  for (const c of cases) {
    const s = performance.now();
    docs.search(c.q, 5);
    times.push(performance.now() - s);
  }
}
times.sort((a, b) => a - b);
const pct = (p: number): string => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);

console.log(`\n${cases.length} questions from ${file}`);
console.log(`recall@3 ${(hits / cases.length).toFixed(3)} (${hits}/${cases.length})  MRR@5 ${(rr / cases.length).toFixed(3)}  section@3 ${sectionHits}/${sectionCases}`);
console.log(`index load ${loadMs.toFixed(0)} ms (${docs.size} pages); search p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms over ${times.length} searches`);
