import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { indexer } from '../../src/search/index.js';
import { AmbiguousOperationError, UnknownOperationError } from '../../src/errors.js';
import { CATALOG_DIR } from '../../src/paths.js';

const FIXTURE = new URL('../fixtures/tiny.yaml', import.meta.url).pathname;

describe('loadCatalog', () => {
  it('holds every operation of the newest version of each API, over 1,000', async () => {
    const catalog = await loadCatalog({ indexer, dir: CATALOG_DIR });
    expect(catalog.operations.length).toBeGreaterThan(1000);
    expect(catalog.operations.every((op) => op.latest)).toBe(true);
    expect(new Set(catalog.operations.map((o) => o.api)).size).toBe(24);
    const route = catalog.find('list-route');
    expect(route).toMatchObject({ api: 'control-planes-config', method: 'GET', path: '/control-planes/{controlPlaneId}/core-entities/routes' });
    expect(catalog.api(route).host).toMatchObject({ kind: 'regional', prefix: '/v2' });
  });

  it('picks the newest version by info.version, not by folder name', async () => {
    const catalog = await loadCatalog({ indexer, dir: CATALOG_DIR });
    const versions = Object.fromEntries([...catalog.apis.values()].map((a) => [a.api, a.version]));
    expect(versions['analytics-dashboards']).toBe('2.2.2');
    expect(versions['notification-hub']).toBe('1.0.1');
    expect(versions['portal-management']).toBe('3.9.8');
  });

  it('adds older versions with --all-versions, marked as not latest', async () => {
    const catalog = await loadCatalog({ indexer, dir: CATALOG_DIR, allVersions: true });
    expect(catalog.operations.length).toBeGreaterThan(1200);
    const old = catalog.operations.filter((op) => !op.latest);
    expect(old.some((op) => op.apiKey === 'portal-management@v2')).toBe(true);
  });

  it('keeps what the docs and questions say about bundled operations when a user spec or --all-versions extends the index', async () => {
    // "distroless" is only in list-service's docs evidence, which only the build derives.
    for (const opts of [{ extraSpecs: [FIXTURE] }, { allVersions: true }]) {
      const catalog = await loadCatalog({ indexer, dir: CATALOG_DIR, ...opts });
      expect(catalog.search('distroless', { limit: 3 }).hits.map((h) => h.op.operationId)).toEqual(['list-service']);
      // And the words people use for an operation, which only the build has: "sluggish" is only in metrics' questions.
      expect(catalog.search('sluggish', { limit: 1 }).hits[0]?.op.operationId).toBe('metrics');
    }
    const old = (await loadCatalog({ indexer, dir: CATALOG_DIR, allVersions: true })).search('portal', { limit: 50, api: 'portal-management@v2' });
    expect(old.hits.length).toBeGreaterThan(0);
  });

  it('indexes a user spec given with --spec like a bundled one', async () => {
    const catalog = await loadCatalog({ indexer, dir: CATALOG_DIR, extraSpecs: [FIXTURE] });
    const op = catalog.find('list-widgets');
    expect(op.api).toBe('tiny');
    expect(catalog.api(op)).toMatchObject({ source: 'user', host: { kind: 'regional', prefix: '/v9' } });
    expect(catalog.search('list widgets', { limit: 3 }).hits[0]?.op.operationId).toBe('list-widgets');
    const doc = await catalog.spec(catalog.api(op));
    expect(doc.info.title).toBe('Tiny Widgets');
  });

  it("asks about a user spec's operations in their own words, so bundled operations' questions do not bury them", async () => {
    // dashboards-create's questions say "widgets", "payments" and "team"; createWidget has no questions of its own.
    const catalog = await loadCatalog({ indexer, dir: CATALOG_DIR, extraSpecs: [FIXTURE] });
    const top = catalog.search('create a new widget for the payments team', { limit: 3 }).hits.map((h) => h.op.operationId);
    expect(top).toContain('createWidget');
  });

  it('reports a user spec that cannot be read', async () => {
    await expect(loadCatalog({ indexer, dir: CATALOG_DIR, extraSpecs: ['/nonexistent/spec.yaml'] })).rejects.toThrow(/cannot read spec \/nonexistent\/spec\.yaml/);
  });

  it('asks for api when an operationId exists in several APIs, and suggests close ids for unknown ones', async () => {
    const catalog = await loadCatalog({ indexer, dir: CATALOG_DIR });
    const counts = new Map<string, Set<string>>();
    for (const op of catalog.operations) counts.set(op.operationId, (counts.get(op.operationId) ?? new Set()).add(op.api));
    const [dup, apis] = [...counts].find(([, s]) => s.size > 1)!;
    expect(() => catalog.find(dup)).toThrow(AmbiguousOperationError);
    expect(catalog.find(dup, [...apis][0]).api).toBe([...apis][0]);
    expect(() => catalog.find('list-contrl-planes')).toThrow(UnknownOperationError);
    expect(() => catalog.find('list-contrl-planes')).toThrow(/Did you mean "list-control-planes"/);
    expect(catalog.suggest(`list-control-planes${'x'.repeat(1_000_000)}`)).toEqual([]);
  });
});
