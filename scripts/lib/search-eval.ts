// Scores a search function on a jsonl set of {q, expect: [{api, operationId}], kind}. Used by eval:search and the test.
import { readFile } from 'node:fs/promises';

export interface EvalCase {
  q: string;
  /** Empty for a question no operation answers (a negative set). */
  expect: { api: string; operationId: string }[];
  kind?: string;
}

export interface EvalMiss {
  q: string;
  /** 1-based rank of the first expected operation, 0 when not in the results. */
  rank: number;
  want: string[];
  got: string[];
}

export interface EvalReport {
  n: number;
  recall1: number;
  recall5: number;
  mrr: number;
  byKind: Map<string, { n: number; r1: number; r5: number }>;
  /** Every query whose answer was not first. */
  misses: EvalMiss[];
}

export async function readCases(file: string): Promise<EvalCase[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const c = JSON.parse(line) as Partial<EvalCase>;
      if (typeof c.q !== 'string' || (c.expect !== undefined && !Array.isArray(c.expect))) {
        throw new Error(`${file}:${i + 1}: expected {"q", "expect": [...]} (no "expect" for a question nothing answers)`);
      }
      return { ...c, q: c.q, expect: c.expect ?? [] };
    });
}

/** `search` returns `api:operationId` keys, best first. */
export async function evaluate(cases: EvalCase[], search: (q: string) => Promise<string[]>): Promise<EvalReport> {
  let r1 = 0;
  let r5 = 0;
  let mrr = 0;
  const byKind = new Map<string, { n: number; r1: number; r5: number }>();
  const misses: EvalMiss[] = [];
  for (const c of cases) {
    const want = c.expect.map((e) => `${e.api}:${e.operationId}`);
    const got = await search(c.q);
    const rank = got.findIndex((k) => want.includes(k)) + 1;
    const kind = byKind.get(c.kind ?? '-') ?? { n: 0, r1: 0, r5: 0 };
    byKind.set(c.kind ?? '-', kind);
    kind.n++;
    if (rank === 1) {
      r1++;
      kind.r1++;
    }
    if (rank >= 1 && rank <= 5) {
      r5++;
      kind.r5++;
    }
    if (rank >= 1) mrr += 1 / rank;
    if (rank !== 1) misses.push({ q: c.q, rank, want, got: got.slice(0, 3) });
  }
  const n = Math.max(1, cases.length);
  return { n: cases.length, recall1: r1 / n, recall5: r5 / n, mrr: mrr / n, byKind, misses };
}

export type Confidence = 'high' | 'medium' | 'low';

/** Share of the cases answered with each confidence. */
export async function confidenceRates(cases: EvalCase[], confidence: (q: string) => Promise<Confidence>): Promise<Record<Confidence, number>> {
  const counts: Record<Confidence, number> = { high: 0, medium: 0, low: 0 };
  for (const c of cases) counts[await confidence(c.q)]++;
  const n = Math.max(1, cases.length);
  return { high: counts.high / n, medium: counts.medium / n, low: counts.low / n };
}

export interface HubCount {
  /** `api:operationId`. */
  op: string;
  /** Questions it was in the top k for, though another API (or no operation) answers them. */
  top: number;
  /** Of those, how many it was first for. */
  first: number;
}

/**
 * Operations that come up for unrelated questions: in the top `k` for questions whose answers are all in other APIs,
 * or that no operation answers. `ranked` pairs each case with the `api:operationId` keys its search returned.
 */
export function hubCounts(ranked: { c: EvalCase; got: string[] }[], k = 3): HubCount[] {
  const counts = new Map<string, HubCount>();
  for (const { c, got } of ranked) {
    const apis = new Set(c.expect.map((e) => e.api));
    got.slice(0, k).forEach((key, i) => {
      if (apis.has(key.slice(0, key.indexOf(':')))) return;
      const h = counts.get(key) ?? { op: key, top: 0, first: 0 };
      h.top++;
      if (i === 0) h.first++;
      counts.set(key, h);
    });
  }
  return [...counts.values()].sort((a, b) => b.top - a.top || b.first - a.first || a.op.localeCompare(b.op));
}
