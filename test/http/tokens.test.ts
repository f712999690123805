// The cheap estimate against a real GPT-4o-class tokenizer (o200k), on Konnect-shaped answers. The estimator's
// constants were set on the generated entities; the spec examples below were not looked at while setting them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { countTokens } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { estimateTokens } from '../../src/http/tokens.js';
import { controlPlanes, nodes, routes } from '../helpers/konnect-lists.js';

const ratio = (v: unknown): number => {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return estimateTokens(text) / countTokens(text);
};

/** Every `example` object in the bundled specs' response bodies that is at least 300 characters. */
function specExamples(): unknown[] {
  const out: unknown[] = [];
  const walk = (dir: string): void => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.yaml')) collect(parse(readFileSync(p, 'utf8')) as unknown);
    }
  };
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'example' && v && typeof v === 'object' && JSON.stringify(v).length >= 300) out.push(v);
        else collect(v);
      }
    }
  };
  walk('specs');
  return out;
}

describe('estimateTokens', () => {
  it('stays within 10% of o200k on lists of routes, nodes and control planes, never far below', () => {
    for (const body of [{ data: routes(300) }, { items: nodes(200) }, { data: controlPlanes(200) }, routes(500).map((r) => ({ name: r.name, service: r.service }))]) {
      const r = ratio(body);
      expect(r).toBeGreaterThan(0.95);
      expect(r).toBeLessThan(1.1);
    }
  });

  it('holds on the specs\' own response examples, taken together', () => {
    const examples = specExamples();
    expect(examples.length).toBeGreaterThan(50);
    const r = ratio(examples);
    expect(r).toBeGreaterThan(0.9);
    expect(r).toBeLessThan(1.15);
  });

  it('prices filler and long strings as the tokenizer does, roughly', () => {
    expect(ratio({ d: 'd'.repeat(2_000) })).toBeGreaterThan(0.9);
    expect(ratio('Control plane for the payments team, production traffic in the EU.')).toBeLessThan(1.4); // over, never under: the answer stays inside the budget
  });
});
