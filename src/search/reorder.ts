// The order below the first hit, learned: each hit's score is a product of parts (the lexical match, the rank factors,
// the coverages, the name fit), and their fixed product is tuned for the first place. Hits 2..10 are reordered by a
// linear model over those parts' logs and a few facts, fitted on the tuning questions (scripts/train-reorder.ts) to put
// an answer into the top 5. The first hit, and so recall@1 and confidence, stay the lexical ones.
import type { Hit, Operation } from '../catalog/types.js';
import trained from './reorder-weights.json' with { type: 'json' };

/** The parts of one hit's score, as factors (1 = neutral), and the coverages (0..1) the head pass weighs. */
export interface Signals {
  /** MiniSearch's score per matched term times the matched terms' weights. */
  base: number;
  /** rankFactors: method and shape against the intent, product, siblings, literals, deprecation, version. */
  factor: number;
  relation: number;
  /** The discount for query words found only in the docs evidence. */
  docs: number;
  summary: number;
  resource: number;
  head: number;
  name: number;
}

/** Signals of a hit the head pass did not refine: its finer parts are unknown, so neutral. */
export function baseSignals(base: number, factor: number, relation: number): Signals {
  return { base, factor, relation, docs: 1, summary: 1, resource: 1, head: 1, name: 1 };
}

const NEUTRAL: Readonly<Signals> = baseSignals(1, 1, 1);

/** What the reorder reads of one hit, besides its signals. */
export interface HitFacts {
  signals: Signals | undefined;
  /** Cosine of the query and the operation in word-vector space (embed.ts), 0 without vectors. */
  cosine: number;
  /** matchShare of this hit: the query's parts found in its own fields, and with its evidence. */
  own: number;
  withDocs: number;
  /** The query asks to act (a verb the vocabulary does not know) and this operation changes something. */
  act: boolean;
}

/** The model's inputs, in the order of the stored weights. */
export const REORDER_FEATURES = [
  'base',
  'factor',
  'relation',
  'docs',
  'summary',
  'resource',
  'head',
  'name',
  'cosine',
  'own',
  'withDocs',
  'act',
  'item',
  'position',
  'get',
  'post',
  'put',
  'patch',
  'delete',
] as const;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const log = (x: number): number => Math.log(Math.max(x, 1e-9));

/** One hit's feature row (REORDER_FEATURES), `position` being its place in the lexical order (0 = first). */
export function featureRow(op: Operation, facts: HitFacts, position: number): number[] {
  // A hit without signals (the promoted plugin creator) reads as neutral in every part.
  const s = facts.signals ?? NEUTRAL;
  return [
    log(s.base),
    log(s.factor),
    log(s.relation),
    log(s.docs),
    s.summary,
    s.resource,
    log(s.head),
    log(s.name),
    facts.cosine,
    facts.own,
    facts.withDocs,
    facts.act ? 1 : 0,
    op.path.endsWith('}') ? 1 : 0,
    position,
    ...METHODS.map((m) => (op.method === m ? 1 : 0)),
  ];
}

export interface ReorderWeights {
  features: readonly string[];
  weights: readonly number[];
}

/** Hits reordered: the second to the tenth. */
export const REORDER_DEPTH = 10;

/** The stored model, checked against the features this code computes: a stale file would weigh the wrong inputs. */
export function readWeights(json: unknown = trained): ReorderWeights | undefined {
  const w = json as Partial<ReorderWeights> | null;
  if (!w || !Array.isArray(w.features) || !Array.isArray(w.weights)) return undefined;
  const same = w.features.length === REORDER_FEATURES.length && w.features.every((f, i) => f === REORDER_FEATURES[i]);
  if (!same || w.weights.length !== REORDER_FEATURES.length || !w.weights.every((x) => Number.isFinite(x))) return undefined;
  return { features: w.features, weights: w.weights };
}

/** The model's score of one feature row: the weighted sum (the fit uses it too). */
export function rowScore(weights: readonly number[], row: readonly number[]): number {
  let s = 0;
  for (let k = 0; k < row.length; k++) s += (weights[k] ?? 0) * row[k]!;
  return s;
}

/**
 * Hits 2..depth sorted by the model's score of their rows (rows[i] for hits[i]); the first and everything past depth
 * keep their places. A score never rises down the list: a hit moved above a better score shows the score before it.
 */
export function reorder<H extends Hit>(hits: readonly H[], rows: readonly (readonly number[])[], model: ReorderWeights | undefined): H[] {
  if (!model || hits.length < 3) return [...hits];
  const depth = Math.min(REORDER_DEPTH, hits.length);
  const scored = hits.slice(1, depth).map((h, i) => {
    return { h, s: rowScore(model.weights, rows[i + 1] ?? []), i };
  });
  scored.sort((a, b) => b.s - a.s || a.i - b.i);
  const out = [hits[0]!, ...scored.map((x) => x.h), ...hits.slice(depth)];
  for (let i = 1; i < out.length; i++) if (out[i]!.score > out[i - 1]!.score) out[i] = { ...out[i]!, score: out[i - 1]!.score };
  return out;
}
