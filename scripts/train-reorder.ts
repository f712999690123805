// Fits the learned order of hits 2..10 (src/search/reorder.ts) on the tuning questions and writes
// src/search/reorder-weights.json. npm run train:reorder [-- --check] (--check: only report, write nothing).
// Tuning questions: test/fixtures/search-*.jsonl and the public set. The frozen blind sets (search-blind*.jsonl,
// search-negative.jsonl) are never read. The index's `asked` field holds the words of these same questions, so each
// question is searched in a catalog built without its own quarter of the files (cross-fitting): the order learns from
// hits as an unseen question gets them, not from its own words. The model is a softmax over each question's hits
// 2..10 (listwise), linear in REORDER_FEATURES, fitted by plain gradient descent from zero, so the same questions give
// the same weights. It also reports recall@5 with each fixture file left out of the fit and measured on it, against
// the lexical order.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/config.js';
import { createDeps } from '../src/deps.js';
import { CATALOG_DIR, DOCS_DIR } from '../src/paths.js';
import { REORDER_DEPTH, REORDER_FEATURES, rowScore } from '../src/search/reorder.js';
import type { SearchDetail } from '../src/search/index.js';
import { askedWords, questionFiles } from './lib/asked-words.js';
import { readCases } from './lib/search-eval.js';

const OUT = 'src/search/reorder-weights.json';
const check = process.argv.includes('--check');

const TRAIN = { iterations: 600, rate: 0.5, l2: 1e-3 };

interface List {
  file: string;
  /** Feature rows of hits 1..depth-1 (the first stays first). */
  rows: number[][];
  /** 1 where that hit answers the question. */
  labels: number[];
  /** Whether the first hit answers (counted in recall@5 whatever the order below it). */
  first: boolean;
}

const FOLDS = 4;
const questionSets = await questionFiles();
const files = [...questionSets, '../shared/eval/search-public.jsonl'];

const load = (catalogDir: string) => createDeps({ config: parseConfig({}).config, version: 'train', catalogDir, docsDir: DOCS_DIR, log: () => {} }).catalog();
// The public set is no question set of the field's: the built catalog is already one without it.
const catalogOf = new Map([['../shared/eval/search-public.jsonl', await load(CATALOG_DIR)]]);
const scratch = await mkdtemp(join(tmpdir(), 'train-reorder-'));
try {
  for (let fold = 0; fold < FOLDS; fold++) {
    const held = questionSets.filter((_, i) => i % FOLDS === fold);
    const dir = join(scratch, String(fold));
    const words = join(scratch, `asked-${fold}.json`);
    await writeFile(words, (await askedWords(questionSets.filter((f) => !held.includes(f)))).text);
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-catalog.ts', dir, '--asked', words], { stdio: ['ignore', 'ignore', 'inherit'] });
    const catalog = await load(dir);
    for (const f of held) catalogOf.set(f, catalog);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

const lists: List[] = [];
for (const file of files) {
  const catalog = catalogOf.get(file)!;
  for (const c of await readCases(file)) {
    if (c.expect.length === 0) continue;
    const want = new Set(c.expect.map((e) => `${e.api}:${e.operationId}`));
    const detail = catalog.search(c.q, { limit: REORDER_DEPTH }) as SearchDetail;
    const rows = detail.rows ?? [];
    if (rows.length === 0) continue;
    const rest = rows.slice(1);
    const answers = (r: { api: string; operationId: string }): boolean => want.has(`${r.api}:${r.operationId}`);
    lists.push({ file, rows: rest.map((r) => r.row), labels: rest.map((r) => (answers(r) ? 1 : 0)), first: answers(rows[0]!) });
  }
}

const dims = REORDER_FEATURES.length;

/** Mean and spread of each feature over the rows, so one rate fits every feature. */
function scaling(ls: readonly List[]): { mean: number[]; sd: number[] } {
  const mean = new Array<number>(dims).fill(0);
  const sq = new Array<number>(dims).fill(0);
  let n = 0;
  for (const l of ls)
    for (const row of l.rows) {
      n++;
      row.forEach((x, k) => {
        mean[k]! += x;
        sq[k]! += x * x;
      });
    }
  const m = mean.map((s) => s / Math.max(1, n));
  const sd = sq.map((s, k) => Math.sqrt(Math.max(0, s / Math.max(1, n) - m[k]! ** 2)) || 1);
  return { mean: m, sd };
}

/** Weights on the raw features (the scaling folded in; a constant shift changes no order). */
function fit(ls: readonly List[]): number[] {
  const useful = ls.filter((l) => l.labels.some((y) => y === 1));
  const { mean, sd } = scaling(useful);
  const xs = useful.map((l) => l.rows.map((row) => row.map((x, k) => (x - mean[k]!) / sd[k]!)));
  const w = new Array<number>(dims).fill(0);
  for (let it = 0; it < TRAIN.iterations; it++) {
    const grad = new Array<number>(dims).fill(0);
    useful.forEach((l, i) => {
      const rows = xs[i]!;
      const s = rows.map((row) => rowScore(w, row));
      const top = Math.max(...s);
      const e = s.map((v) => Math.exp(v - top));
      const z = e.reduce((a, b) => a + b, 0);
      const ze = e.reduce((a, v, j) => a + v * l.labels[j]!, 0);
      rows.forEach((row, j) => {
        const g = e[j]! / z - (l.labels[j]! * e[j]!) / ze;
        row.forEach((x, k) => (grad[k]! += g * x));
      });
    });
    for (let k = 0; k < dims; k++) w[k]! -= TRAIN.rate * (grad[k]! / Math.max(1, useful.length) + TRAIN.l2 * w[k]!);
  }
  return w.map((x, k) => Number((x / sd[k]!).toPrecision(6)));
}

/** Questions with an answer in the top 5: in the lexical order, and with hits 2..10 ordered by `w`. */
function recall5(ls: readonly List[], w: readonly number[] | undefined): number {
  let n = 0;
  for (const l of ls) {
    if (l.first) {
      n++;
      continue;
    }
    const order = l.rows.map((row, j) => ({ j, s: w ? rowScore(w, row) : -j }));
    order.sort((a, b) => b.s - a.s || a.j - b.j);
    if (order.slice(0, 4).some(({ j }) => l.labels[j] === 1)) n++;
  }
  return n;
}

let lexical = 0;
let learned = 0;
for (const file of files) {
  const held = lists.filter((l) => l.file === file);
  const w = fit(lists.filter((l) => l.file !== file));
  lexical += recall5(held, undefined);
  learned += recall5(held, w);
}
console.log(`train-reorder: ${lists.length} questions from ${files.length} files`);
console.log(`  recall@5, each file left out of the fit and measured on it: lexical order ${lexical}, learned order ${learned}`);

const weights = fit(lists);
console.log(`  recall@5 on all of them, fitted on all: ${recall5(lists, undefined)} -> ${recall5(lists, weights)}`);
if (!check) {
  await writeFile(OUT, `${JSON.stringify({ features: REORDER_FEATURES, weights, questions: lists.length }, null, 2)}\n`);
  console.log(`  wrote ${OUT}`);
}
