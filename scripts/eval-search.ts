// Search quality report: npm run eval:search [file.jsonl ...] prints recall@1, recall@5, MRR, confidence rates, the
// misses and latency. A set without answers (negative questions) gets its confidence rates only.
// A blind set prints totals only (no questions), so measuring it cannot turn into tuning on it. Over the other sets
// it ends with the operations that rank high for questions they do not answer (hubs).
// It goes through the real tool path (runSearch with real deps over the built catalog), as the server does.
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../src/config.js';
import { createDeps } from '../src/deps.js';
import { CATALOG_DIR, DOCS_DIR } from '../src/paths.js';
import { runSearch } from '../src/tools/search.js';
import { confidenceRates, evaluate, hubCounts, readCases } from './lib/search-eval.js';

const files = process.argv.slice(2);
if (files.length === 0) files.push('../shared/eval/search-public.jsonl');

const deps = createDeps({ config: parseConfig({}).config, version: 'eval', catalogDir: CATALOG_DIR, docsDir: DOCS_DIR, log: () => {} });
await deps.catalog();
const search = async (query: string): Promise<string[]> =>
  (await runSearch({ query, limit: 10 }, deps)).results.map((r) => `${r.api}:${r.operationId}`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const sets = await Promise.all(files.map(async (file) => ({ file, cases: await readCases(file) })));
// Warm up on everything first: a running server has compiled its hot paths and collected the catalog's garbage.
for (let round = 0; round < 3; round++) for (const { cases } of sets) for (const c of cases) await search(c.q);

const confidence = async (query: string) => (await runSearch({ query, limit: 10 }, deps)).confidence;
const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

for (const { file, cases } of sets) {
  const rates = await confidenceRates(cases, confidence);
  const rateLine = `  confidence low ${percent(rates.low)}  medium ${percent(rates.medium)}  high ${percent(rates.high)}`;
  if (cases.every((c) => c.expect.length === 0)) {
    console.log(`${file}: ${cases.length} questions no operation answers`);
    console.log(rateLine);
    continue;
  }
  const report = await evaluate(cases, search);

  // Latency in-process, every query several times. The p95 over all runs shows what a busy machine adds; the p95
  // of each query's median is the search's own cost.
  const runs = cases.map(() => [] as number[]);
  for (let round = 0; round < 7; round++) {
    for (const [i, c] of cases.entries()) {
      const t0 = performance.now();
      await runSearch({ query: c.q, limit: 10 }, deps);
      runs[i]!.push(performance.now() - t0);
    }
  }
  const times = runs.flat().sort((a, b) => a - b);
  const medians = runs.map((r) => percentile([...r].sort((a, b) => a - b), 50)).sort((a, b) => a - b);

  console.log(`${file}: ${report.n} queries`);
  console.log(`  recall@1 ${report.recall1.toFixed(3)}  recall@5 ${report.recall5.toFixed(3)}  MRR ${report.mrr.toFixed(3)}`);
  console.log(rateLine);
  console.log(
    `  latency p50 ${percentile(times, 50).toFixed(2)} ms  p95 ${percentile(times, 95).toFixed(2)} ms  max ${(times.at(-1) ?? 0).toFixed(2)} ms` +
      `  (p95 of per-query medians ${percentile(medians, 95).toFixed(2)} ms)`,
  );
  for (const [kind, k] of [...report.byKind].sort()) {
    console.log(`  ${kind.padEnd(11)} n=${k.n}  r@1 ${(k.r1 / k.n).toFixed(2)}  r@5 ${(k.r5 / k.n).toFixed(2)}`);
  }
  if (report.misses.length > 0) console.log(`  not first (${report.misses.length}):`);
  if (/blind/i.test(file)) continue;
  for (const m of report.misses) {
    console.log(`  ${m.rank === 0 ? 'miss' : `#${m.rank}`.padEnd(4)} ${m.q}\n       want ${m.want.join(' | ')}\n       got  ${m.got.join(', ')}`);
  }
}

// Frozen sets (the blind ones and search-negative.jsonl) stay out: what ranks high for them would hint at their questions.
const open = sets.filter(({ file }) => !/blind|search-negative\.jsonl$/i.test(file));
if (open.length > 0) {
  const ranked = [];
  for (const { cases } of open) for (const c of cases) ranked.push({ c, got: await search(c.q) });
  console.log('hubs: in the top 3 for questions another API answers, or none does (all open sets)');
  for (const h of hubCounts(ranked).slice(0, 10)) console.log(`  ${String(h.top).padStart(3)} (first ${h.first})  ${h.op}`);
}
