// Sizing: render a section at the asked depth, or at the largest depth that fits its budget.
import type { OpenAPIV3 } from 'openapi-types';
import { ToolInputError } from '../errors.js';
import { dedupeRepeats } from './dedupe.js';
import type { Json } from '../json.js';
import { pruneDepth } from './prune.js';
import { renderSchema, TooLarge, type Mode } from './render.js';

/** Levels of nested fields shown before nodes become { $more }; lowered automatically for big schemas. */
export const DEFAULT_DEPTH = 5;

export interface SchemaOptions {
  /** Fixed depth; without it the depth is fitted to the size budget. */
  depth?: number;
  examples?: boolean;
}

/** Size budgets (characters of compact JSON) for one section, default answer vs an explicit part. */
export const BUDGET = { body: 20_000, response: 14_000, part: 40_000 };
/** Node allowance per render attempt: bounds the time spent before trying a smaller depth. */
const NODES = { soft: 6_000, hard: 60_000 };

type Doc = OpenAPIV3.Document;

export interface Section {
  doc: Doc;
  opts: SchemaOptions;
  mode: Mode;
  /** Character budget when the depth is fitted. */
  chars: number;
  /** The caller asked for exactly this node: show its enum whole. */
  exact: boolean;
  /** A query body: every enum whole (see RenderOptions.vocabulary). */
  vocabulary?: boolean;
}

/**
 * Renders at the requested depth, or else at the largest depth (DEFAULT_DEPTH down to 1) whose answer
 * fits the section's budget. One render at the top depth is pruned to the lower ones.
 */
export function fit(sec: Section, node: unknown, at: string): Json {
  const base = { mode: sec.mode, examples: sec.opts.examples === true, fullRootEnum: sec.exact, vocabulary: sec.vocabulary === true };
  if (sec.opts.depth !== undefined) {
    try {
      return dedupeRepeats(renderSchema(sec.doc, node, at, { ...base, maxDepth: sec.opts.depth, budget: { left: NODES.hard } }), at);
    } catch (err) {
      if (err instanceof TooLarge) throw new ToolInputError(`"${at}" is too large at depth ${sec.opts.depth}; ask for a smaller depth or a deeper part`);
      throw err;
    }
  }
  for (let top = DEFAULT_DEPTH; top >= 1; top--) {
    let full: Json;
    try {
      full = renderSchema(sec.doc, node, at, { ...base, maxDepth: top, budget: { left: top > 1 ? NODES.soft : NODES.hard } });
    } catch (err) {
      if (!(err instanceof TooLarge)) throw err;
      if (top === 1) throw new ToolInputError(`"${at}" is too large to show; ask for a deeper part`);
      continue;
    }
    for (let depth = top; ; depth--) {
      const pruned = depth === top ? full : pruneDepth(full, depth, at);
      // Folding repeats rarely shrinks an answer threefold; far too big means the next depth down.
      if (depth > 1 && JSON.stringify(pruned).length > sec.chars * 3) continue;
      const out = dedupeRepeats(pruned, at);
      if (depth === 1 || JSON.stringify(out).length <= sec.chars) return out;
    }
  }
  throw new ToolInputError(`"${at}" is too large to show; ask for a deeper part`);
}
