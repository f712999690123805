import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { indexer } from '../../src/search/index.js';
import { REGIONS } from '../../src/config.js';
import { RoutingError } from '../../src/errors.js';
import { allowedOrigins, apiBaseUrl, assertAllowedUrl, route } from '../../src/http/url.js';
import { CATALOG_DIR } from '../../src/paths.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog({ indexer, dir: CATALOG_DIR });
});

const apiOf = (operationId: string, api?: string) => catalog.api(catalog.find(operationId, api));

describe('apiBaseUrl', () => {
  it.each(REGIONS)('sends control-planes to the %s regional host with /v2', (region) => {
    expect(apiBaseUrl(apiOf('list-control-planes'), { region })).toBe(`https://${region}.api.konghq.com/v2`);
  });
  it.each(REGIONS)('sends identity to the global host with /v3 whatever the region (%s)', (region) => {
    expect(apiBaseUrl(apiOf('get-users-me', 'identity'), { region })).toBe('https://global.api.konghq.com/v3');
  });
  it('reads odd prefixes from servers: cmek is /v0', () => {
    const cmek = [...catalog.apis.values()].find((a) => a.api === 'cmek')!;
    expect(apiBaseUrl(cmek, { region: 'eu' })).toBe('https://eu.api.konghq.com/v0');
  });
  it('gives a clear error for a region an API does not serve (cmek has no sg)', () => {
    const cmek = [...catalog.apis.values()].find((a) => a.api === 'cmek')!;
    expect(() => apiBaseUrl(cmek, { region: 'sg' })).toThrow(RoutingError);
    expect(() => apiBaseUrl(cmek, { region: 'sg' })).toThrow(/not served in region "sg".*us, eu, au, me, in/);
  });
  it('needs a baseUrl for dev-portal APIs and uses it', () => {
    const portal = [...catalog.apis.values()].find((a) => a.api === 'dev-portal')!;
    expect(() => apiBaseUrl(portal, { region: 'us' })).toThrow(/pass baseUrl/);
    expect(apiBaseUrl(portal, { region: 'us', callBaseUrl: 'https://portal.example.com/' })).toBe('https://portal.example.com');
  });
  it('replaces the origin but keeps the prefix with the base-url override', () => {
    expect(apiBaseUrl(apiOf('list-control-planes'), { region: 'eu', overrideBaseUrl: 'http://127.0.0.1:9' })).toBe('http://127.0.0.1:9/v2');
  });
  it('refuses baseUrl for a Konnect-hosted API', () => {
    expect(() => apiBaseUrl(apiOf('list-control-planes'), { region: 'us', callBaseUrl: 'https://evil.example.com' })).toThrow(/only for APIs on a custom host/);
  });
});

describe('route and allowed hosts', () => {
  const portal = () => [...catalog.apis.values()].find((a) => a.api === 'dev-portal')!;

  it('sends the token to Konnect hosts and the override, never to a per-call baseUrl', () => {
    expect(route(apiOf('list-control-planes'), { region: 'eu' })).toEqual({ baseUrl: 'https://eu.api.konghq.com/v2', auth: true });
    expect(route(apiOf('list-control-planes'), { region: 'eu', overrideBaseUrl: 'http://127.0.0.1:9' }).auth).toBe(true);
    expect(route(portal(), { region: 'us', callBaseUrl: 'https://portal.example.com' }).auth).toBe(false);
  });

  it('allows Konnect origins, the override and a dev portal baseUrl, and nothing else', () => {
    const allowed = allowedOrigins(portal(), { region: 'us', callBaseUrl: 'https://portal.example.com', overrideBaseUrl: 'http://127.0.0.1:9' });
    for (const url of ['https://us.api.konghq.com/v2/x', 'https://global.api.konghq.com/v3/users/me', 'http://127.0.0.1:9/v2/x', 'https://portal.example.com/api/v3/apis']) {
      expect(() => assertAllowedUrl(url, allowed)).not.toThrow();
    }
    expect(() => assertAllowedUrl('https://evil.example.com/v2/x', allowed)).toThrow(/refusing to send a request to https:\/\/evil.example.com/);
    expect(() => assertAllowedUrl('https://us.api.konghq.com.evil.example/v2', allowed)).toThrow(RoutingError);
  });

  it('ignores a per-call baseUrl for Konnect-hosted APIs when listing allowed hosts', () => {
    const allowed = allowedOrigins(apiOf('list-control-planes'), { region: 'us', callBaseUrl: 'https://evil.example.com' });
    expect(allowed.has('https://evil.example.com')).toBe(false);
  });
});
