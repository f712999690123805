// The words people use for each operation, from the tuning questions: what npm run train:asked writes to
// src/search/asked-words.json and what the catalog build indexes as the `asked` field.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { contentWords, isContentWord } from '../../src/search/confidence.js';
import { bundledVocabulary } from '../../src/search/vocabulary.js';
import { readCases } from './search-eval.js';

const FIXTURES = 'test/fixtures';
export const ASKED_WORDS_FILE = 'src/search/asked-words.json';
export const ANSWERABLE_WORDS_FILE = 'src/search/answerable-words.json';

/** The fixture files whose names pass `keep`, sorted. */
async function fixtures(keep: (name: string) => boolean): Promise<string[]> {
  return (await readdir(FIXTURES))
    .filter((f) => f.endsWith('.jsonl') && keep(f))
    .sort()
    .map((f) => join(FIXTURES, f));
}

/**
 * The question sets the field learns from: test/fixtures/search-*.jsonl, written from the specs by people who had not
 * read the ranking code. Never the frozen blind sets (search-blind*.jsonl, search-negative*.jsonl), nor the public set,
 * so those still measure questions the field has not seen.
 */
export function questionFiles(): Promise<string[]> {
  return fixtures((f) => f.startsWith('search-') && !/blind|negative/.test(f));
}

/** The sets of questions no operation answers that the field may learn from: never the frozen search-negative.jsonl. */
export function negativeFiles(): Promise<string[]> {
  return fixtures((f) => f.startsWith('search-negative-dev'));
}

/**
 * The file's text for the questions of `files`: per operation (`api:operationId`), how many questions used each word
 * (contentWords: as typed, letters only, three or more, stop words dropped, once per question). Sorted, one operation a line, so the
 * same questions always give the same file and a new set reads as a small diff.
 */
export async function askedWords(files: readonly string[]): Promise<{ questions: number; operations: number; text: string }> {
  const stop = bundledVocabulary().stop;
  const counts = new Map<string, Map<string, number>>();
  let questions = 0;
  for (const file of files) {
    for (const c of await readCases(file)) {
      if (c.expect.length === 0) continue;
      questions++;
      const words = contentWords(c.q, stop);
      for (const e of c.expect) {
        const key = `${e.api}:${e.operationId}`;
        const of = counts.get(key) ?? new Map<string, number>();
        for (const w of words) of.set(w, (of.get(w) ?? 0) + 1);
        counts.set(key, of);
      }
    }
  }
  const lines = [...counts.keys()].sort().map((key) => {
    const words = [...counts.get(key)!].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return `  ${JSON.stringify(key)}: ${JSON.stringify(Object.fromEntries(words))}`;
  });
  return { questions, operations: counts.size, text: `{\n "questions": ${questions},\n "operations": {\n${lines.join(',\n')}\n }\n}\n` };
}

/**
 * Per operation key of `ops`, its words repeated as many times as questions used them, so BM25 weighs words many
 * people use above one person's. Hostile or stale files give no words rather than a broken build.
 */
export function askedField<Op extends { api: string; operationId: string }>(json: unknown, ops: readonly Op[], keyOf: (op: Op) => string): Map<string, string> {
  const operations = (json as { operations?: unknown } | null)?.operations;
  const byOp = new Map(typeof operations === 'object' && operations !== null ? Object.entries(operations) : []);
  const out = new Map<string, string>();
  for (const op of ops) {
    const words = byOp.get(`${op.api}:${op.operationId}`);
    if (typeof words !== 'object' || words === null) continue;
    const text = Object.entries(words as Record<string, unknown>)
      .filter(([w, n]) => isContentWord(w) && Number.isInteger(n) && (n as number) > 0)
      .flatMap(([w, n]) => new Array<string>(Math.min(n as number, 1000)).fill(w))
      .join(' ');
    if (text) out.set(keyOf(op), text);
  }
  return out;
}

/** Log odds are clipped here, so no one word decides. */
const CLIP = 3;

/**
 * The file's text for src/search/answerable-words.json: per word, how much likelier an answerable question (of
 * `answerable`) is to use it than one no operation answers (of `unanswerable`), as log odds with one added to each
 * count (naive Bayes), clipped to ±3 ("restart" leans to unanswerable, "register" to answerable); `unseen` is the
 * value of a word neither used, which leans to unanswerable too. confidence.ts adds them up over a query's words.
 */
export async function answerableWords(answerable: readonly string[], unanswerable: readonly string[]): Promise<{ words: number; text: string }> {
  const stop = bundledVocabulary().stop;
  const tally = async (files: readonly string[], want: (c: { expect: unknown[] }) => boolean): Promise<{ n: number; counts: Map<string, number> }> => {
    const counts = new Map<string, number>();
    let n = 0;
    for (const file of files)
      for (const c of await readCases(file)) {
        if (!want(c)) continue;
        n++;
        for (const w of contentWords(c.q, stop)) counts.set(w, (counts.get(w) ?? 0) + 1);
      }
    return { n, counts };
  };
  const yes = await tally(answerable, (c) => c.expect.length > 0);
  const no = await tally(unanswerable, (c) => c.expect.length === 0);
  const odds = (w: string): number => {
    const lo = Math.log(((yes.counts.get(w) ?? 0) + 1) / (yes.n + 2)) - Math.log(((no.counts.get(w) ?? 0) + 1) / (no.n + 2));
    return Number(Math.max(-CLIP, Math.min(CLIP, lo)).toFixed(3));
  };
  const words = [...new Set([...yes.counts.keys(), ...no.counts.keys()])].sort();
  const body = words.map((w) => `  ${JSON.stringify(w)}: ${odds(w)}`).join(',\n');
  const text = `{\n "answerable": ${yes.n},\n "unanswerable": ${no.n},\n "unseen": ${odds('')},\n "words": {\n${body}\n }\n}\n`;
  return { words: words.length, text };
}
