import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { createDeps } from '../src/deps.js';
import { CATALOG_DIR, DOCS_DIR } from '../src/paths.js';

describe('createDeps lazy loads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'konnect-mcp-deps-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('retries a catalog and a docs index that failed to load once the files are there, instead of keeping the failure', async () => {
    const catalogDir = join(dir, 'catalog');
    const docsDir = join(dir, 'docs');
    const deps = createDeps({ config: parseConfig({}).config, version: '0.0.0-test', catalogDir, docsDir, log: () => {} });
    await expect(deps.catalog()).rejects.toThrow();
    await expect(deps.docs()).rejects.toThrow(/npm run build/);
    // The built files appear (a build finished): the next call loads them.
    symlinkSync(CATALOG_DIR, catalogDir);
    symlinkSync(DOCS_DIR, docsDir);
    const catalog = await deps.catalog();
    expect(catalog.operations.some((o) => o.operationId === 'list-route')).toBe(true);
    expect((await deps.docs()).search('proxy cache plugin', 1)).toHaveLength(1);
    // Once loaded, the same instance is kept.
    expect(await deps.catalog()).toBe(catalog);
  });
});
