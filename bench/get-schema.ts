// get_schema over every operation: time per default answer (p50/p95/max, specs already loaded)
// and the largest answers in tokens. Run: npx tsx bench/get-schema.ts
import { encode } from 'gpt-tokenizer';
import { loadCatalog } from '../src/catalog/load.js';
import { indexer } from '../src/search/index.js';
import { parseConfig } from '../src/config.js';
import { CATALOG_DIR } from '../src/paths.js';
import type { ToolDeps } from '../src/deps.js';
import { runGetSchema } from '../src/tools/get-schema.js';

const catalog = await loadCatalog({ indexer, dir: CATALOG_DIR });
const deps: ToolDeps = {
  config: parseConfig({}).config,
  catalog: async () => catalog,
  docs: async () => Promise.reject(new Error('not used')),
  send: undefined,
  version: 'bench',
  log: () => {},
};

const loadStart = performance.now();
for (const api of catalog.apis.values()) await catalog.spec(api);
console.log(`specs parsed: ${catalog.apis.size} in ${(performance.now() - loadStart).toFixed(0)} ms`);

const quantile = (sorted: number[], q: number): string => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2);

let sizes: { id: string; text: string; ms: number }[] = [];
// The first pass includes JIT warm-up; the second is the steady state.
for (const pass of ['first', 'second']) {
  sizes = [];
  for (const op of catalog.operations) {
    const start = performance.now();
    const out = await runGetSchema({ operationId: op.operationId, api: op.api }, deps);
    const text = JSON.stringify(out);
    sizes.push({ id: `${op.api} ${op.operationId}`, text, ms: performance.now() - start });
  }
  const ms = sizes.map((s) => s.ms).sort((a, b) => a - b);
  console.log(`${pass} pass, ${ms.length} operations: p50 ${quantile(ms, 0.5)} ms, p95 ${quantile(ms, 0.95)} ms, max ${quantile(ms, 1)} ms`);
}

const slowest = [...sizes].sort((a, b) => b.ms - a.ms).slice(0, 5);
console.log(`slowest: ${slowest.map((s) => `${s.id} ${s.ms.toFixed(1)} ms`).join('; ')}`);
const largest = [...sizes]
  .sort((a, b) => b.text.length - a.text.length)
  .slice(0, 25)
  .map((s) => ({ id: s.id, tokens: encode(s.text).length }))
  .sort((a, b) => b.tokens - a.tokens)
  .slice(0, 10);
console.log('largest default answers (tokens, gpt-tokenizer):');
for (const s of largest) console.log(`  ${s.tokens}\t${s.id}`);
for (const [operationId, api] of [['query-requests'], ['metrics'], ['create-route', 'control-planes-config'], ['list-control-planes']] as const) {
  const out = await runGetSchema({ operationId, ...(api ? { api } : {}) }, deps);
  console.log(`  ${encode(JSON.stringify(out)).length}\t${operationId}`);
}
