// Relation questions ("which teams is bob in?"): the answer is the asked-for collection nested under the named
// instance (/users/{userId}/teams), not that collection's own list (/teams) nor the inverse relation.
import type { AnalyzedQuery } from './query.js';
import type { Operation } from '../catalog/types.js';
import { resourceHeadWords } from './rank.js';
import { lowercaseWords, splitWords } from '../text/words.js';
import { stem, withoutFinalS } from '../text/stem.js';

/** Tuned on the tuning sets, never on the blind set. */
export const RELATION = {
  /** The collection asked for, under the instance's type (or, for a bare name, under any other entity). */
  nested: 1.4,
  /** Per path id the question leaves unfilled (a portal the team's roles sit in), among nested answers. */
  unfilledId: 0.9,
};

interface OpRelation {
  /** Head word of the collection the operation returns ("assigned-roles" -> role). */
  result: string | undefined;
  /** Head word of the entity whose id comes right before it (/teams/{teamId}/assigned-roles -> team). */
  owner: string | undefined;
  /** The API also lists the collection with fewer ids (its home): this path is a relation to it. */
  relation: boolean;
  /** Words of each literal segment followed by an id other than the owner's. */
  scopes: string[][];
}

export interface RelationShapes {
  ops: WeakMap<Operation, OpRelation>;
  /** Head words of every collection: the words that name a type rather than an instance. */
  types: Set<string>;
}

const cache = new WeakMap<object, RelationShapes>();
const head = (segment: string): string | undefined => {
  const w = lowercaseWords(splitWords(segment)).at(-1);
  return w === undefined ? undefined : withoutFinalS(stem(w));
};
const words = (segment: string): string[] => lowercaseWords(splitWords(segment)).map(stem);

function opRelation(op: Operation): Omit<OpRelation, 'relation'> & { key: string } {
  const segments = op.path.split('/').filter((s) => s !== '');
  let last = segments.length - 1;
  while (last >= 0 && (segments[last]!.startsWith('{') || segments[last]!.startsWith('_'))) last--;
  const result = resourceHeadWords(op).at(-1);
  const ownerAt = last >= 2 && segments[last - 1]!.startsWith('{') ? last - 2 : -1;
  const owner = ownerAt >= 0 ? head(segments[ownerAt]!) : undefined;
  const scopes = segments.flatMap((s, i) => (i > 0 && s.startsWith('{') && i - 1 !== ownerAt && !segments[i - 1]!.startsWith('{') ? [words(segments[i - 1]!)] : []));
  return { result, owner, scopes, key: segments[last] ?? '' };
}

export function relationShapes(ops: ReadonlyMap<string, Operation>): RelationShapes {
  let shapes = cache.get(ops);
  if (shapes) return shapes;
  const read = new Map<Operation, ReturnType<typeof opRelation>>();
  // Per API and collection, the fewest ids any path to it takes: its home (/teams, not /users/{userId}/teams).
  const home = new Map<string, number>();
  const ids = (path: string): number => path.split('{').length - 1;
  for (const op of ops.values()) {
    const r = opRelation(op);
    read.set(op, r);
    if (op.method !== 'GET' || op.path.endsWith('}')) continue;
    const k = `${op.apiKey} ${r.key}`;
    home.set(k, Math.min(home.get(k) ?? Infinity, ids(op.path)));
  }
  shapes = { ops: new WeakMap(), types: new Set() };
  for (const [op, r] of read) {
    const relation = r.owner !== undefined && ids(op.path) > (home.get(`${op.apiKey} ${r.key}`) ?? Infinity);
    shapes.ops.set(op, { result: r.result, owner: r.owner, relation, scopes: r.scopes });
    if (r.result !== undefined) shapes.types.add(r.result);
  }
  cache.set(ops, shapes);
  return shapes;
}

/**
 * Favours the asked-for collection nested under the instance: under its type when the question names one ("the
 * platform team"), else under another entity in a relation the API also lists on its own ("bob" -> a user's teams).
 */
export function relationFactor(op: Operation, q: AnalyzedQuery, shapes: RelationShapes): number {
  const rel = q.relation;
  const r = shapes.ops.get(op);
  if (!rel || !r?.result || !r.owner || op.path.endsWith('}') || !rel.target.some((w) => withoutFinalS(w) === r.result)) return 1;
  const types = rel.owner.map(withoutFinalS).filter((w) => shapes.types.has(w));
  const fits = types.length > 0 ? types.includes(r.owner) : r.relation;
  if (!fits) return 1;
  const unfilled = r.scopes.filter((s) => !s.every((w) => q.termSet.has(w))).length;
  return RELATION.nested * RELATION.unfilledId ** unfilled;
}
