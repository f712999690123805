import { describe, expect, it } from 'vitest';
import { buildSite } from '../../../src/docs/build/site.js';

describe('buildSite', () => {
  it('exposes jekyll.yml keys, data files and the *_latest release of products and tools', () => {
    const site = buildSite({ base_gateway: 'Kong Gateway' }, [
      { name: 'products/gateway', data: { releases: [{ release: '3.14' }, { release: '3.15', latest: true, 'ee-version': '3.15.0.4' }] } },
      { name: 'products/ai-gateway', data: { name: 'AI Gateway', releases: [{ release: '3.15', latest: true }] } },
      { name: 'tools/deck', data: { releases: [{ release: '1.65', version: '1.65.2', latest: true }] } },
      { name: 'products/insomnia', data: { name: 'Insomnia' } },
    ]);
    expect(site.base_gateway).toBe('Kong Gateway');
    const data = site.data as Record<string, Record<string, unknown>>;
    expect(data.gateway_latest).toMatchObject({ release: '3.15', 'ee-version': '3.15.0.4' });
    expect(data.ai_gateway_latest).toMatchObject({ release: '3.15' });
    expect(data.deck_latest).toMatchObject({ version: '1.65.2' });
    expect(data.insomnia_latest).toBeUndefined();
    expect((data.products as Record<string, { name?: string }>).insomnia?.name).toBe('Insomnia');
  });
});
