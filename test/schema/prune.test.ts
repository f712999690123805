import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { indexer } from '../../src/search/index.js';
import { pruneDepth } from '../../src/schema/prune.js';
import { renderSchema, type Mode } from '../../src/schema/render.js';
import { CATALOG_DIR } from '../../src/paths.js';

// Loose access to raw spec JSON.
type Any = any;

const opts = (mode: Mode, maxDepth: number) => ({ mode, maxDepth, examples: false, fullRootEnum: false, budget: { left: 1_000_000 } });

describe('pruneDepth', () => {
  it('cutting a render to a smaller depth matches rendering at that depth, across the catalog (union summaries aside)', async () => {
    const catalog = await loadCatalog({ indexer, dir: CATALOG_DIR });
    let compared = 0;
    const mismatches: string[] = [];
    for (const op of catalog.operations) {
      const doc: Any = await catalog.spec(catalog.api(op));
      const raw = doc.paths[op.path][op.method.toLowerCase()];
      const sections: [string, unknown, Mode][] = [];
      const body = raw.requestBody?.content?.['application/json']?.schema;
      if (body) sections.push(['requestBody', body, 'request']);
      for (const [status, r] of Object.entries<Any>(raw.responses ?? {})) {
        const schema = r.content?.['application/json']?.schema;
        if (schema && status.startsWith('2')) sections.push([`response:${status}`, schema, 'response']);
      }
      for (const [at, schema, mode] of sections) {
        const top = renderSchema(doc, schema, at, opts(mode, 5));
        // A summary is kept whole by pruning, while a shallow render may cut inside it or not fold it at all.
        if (JSON.stringify(top).includes('"$union"')) continue;
        for (let depth = 1; depth < 5; depth++) {
          compared++;
          if (!isDeepStrictEqual(pruneDepth(top, depth, at), renderSchema(doc, schema, at, opts(mode, depth)))) mismatches.push(`${op.operationId} ${at} depth ${depth}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(1500);
  });
});
