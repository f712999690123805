// npm run eval:docs [file]: recall@3 of search_docs (per kind too), plus load time and search latency.
// A blind set prints totals only (no questions), so measuring it cannot turn into tuning on it.
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { loadDocsIndex } from '../src/docs/index.js';

/** `alt`: other URLs that answer the question as well; `kind`: how-to, troubleshooting, concept... */
interface Case { q: string; url: string; kind?: string; alt?: string[] }

const file = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'test/fixtures/docs-eval.jsonl';
const verbose = process.argv.includes('--verbose');
const summaryOnly = process.argv.includes('--summary') || /blind/i.test(file);
const cases = (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Case);
const page = (url: string): string => url.split('#')[0]!.replace(/\/?$/, '/');

const t0 = performance.now();
const docs = await loadDocsIndex('dist/docs');
const loadMs = performance.now() - t0;

let hits = 0;
let sectionCases = 0;
let sectionHits = 0;
let rr = 0;
const kinds = new Map<string, { n: number; hits: number }>();
for (const c of cases) {
  const results = docs.search(c.q, 5);
  const wanted = new Set([c.url, ...(c.alt ?? [])].map(page));
  const rank = results.findIndex((r) => wanted.has(page(r.url)));
  const kind = kinds.get(c.kind ?? '-') ?? { n: 0, hits: 0 };
  kinds.set(c.kind ?? '-', kind);
  kind.n++;
  if (rank >= 0 && rank < 3) {
    hits++;
    kind.hits++;
  }
  if (rank >= 0) rr += 1 / (rank + 1);
  if (c.url.includes('#')) {
    sectionCases++;
    if (results.slice(0, 3).some((r) => r.url === c.url)) sectionHits++;
  }
  if (!summaryOnly && (verbose || rank < 0 || rank >= 3)) {
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
if (kinds.size > 1) {
  console.log([...kinds].sort().map(([k, v]) => `${k} ${(v.hits / v.n).toFixed(2)} (${v.hits}/${v.n})`).join('  '));
}
console.log(`index load ${loadMs.toFixed(0)} ms (${docs.size} pages); search p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms over ${times.length} searches`);
