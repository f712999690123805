import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_PLACEHOLDER } from '../src/clients.js';
import type { Config } from '../src/config.js';
import { createDeps } from '../src/deps.js';
import { checkNode, checkProxy, checkRegion, checkToken, MIN_NODE, renderDoctor, runDoctor, type DoctorDeps } from '../src/doctor.js';
import { CATALOG_DIR, DOCS_DIR, PACKAGE_JSON } from '../src/paths.js';
import { json, startServer, type TestServer } from './helpers/http-server.js';

const TOKEN = 'kpat_doctorSecret0123456789';

const deps: DoctorDeps = {
  fetch: globalThis.fetch,
  toolDeps: (config: Config) => createDeps({ config, version: '0.0.0-test', catalogDir: CATALOG_DIR, docsDir: DOCS_DIR, log: () => {} }),
};

describe('single checks', () => {
  it('shows the proxy in use without its credentials, and a Bearer-prefixed token as a warning', () => {
    expect(checkProxy({ httpsProxy: 'http://me:pw@corp:3128', noProxy: 'localhost' })).toEqual({ name: 'proxy', status: 'ok', detail: 'requests go through HTTPS_PROXY http://***@corp:3128 (NO_PROXY localhost)' });
    expect(checkToken('Bearer kpat_abc')).toMatchObject({ status: 'warn' });
  });

  it('accepts the Node floor from package.json engines and rejects older with a fix', () => {
    const engines = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { engines: { node: string } }).engines.node;
    expect(engines).toBe(`>=${MIN_NODE.replace(/\.0$/, '')}`);
    expect(checkNode('20.19.0').status).toBe('ok');
    expect(checkNode('24.1.0').status).toBe('ok');
    const old = checkNode('20.18.3');
    expect(old.status).toBe('fail');
    expect(old.fix).toMatch(/Install Node\.js 20\.19\.0 or newer/);
  });

  it('tells a missing, placeholder or malformed token apart, and accepts kpat_ and spat_', () => {
    expect(checkToken(undefined)).toMatchObject({ status: 'fail', detail: expect.stringMatching(/no token/) });
    expect(checkToken(TOKEN_PLACEHOLDER)).toMatchObject({ status: 'fail', detail: expect.stringMatching(/placeholder/) });
    expect(checkToken('abc123')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/kpat_.*spat_/) });
    expect(checkToken('kpat_x').status).toBe('ok');
    expect(checkToken('spat_x')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/system account/) });
  });

  it('rejects an unknown region and lists the valid ones', () => {
    expect(checkRegion(undefined)).toMatchObject({ status: 'ok', detail: 'us (default)' });
    expect(checkRegion('EU')).toMatchObject({ status: 'ok', detail: 'eu' });
    expect(checkRegion('mars')).toMatchObject({ status: 'fail', fix: expect.stringContaining('us, eu, au, me, in, sg') });
  });
});

describe('runDoctor against a local Konnect', () => {
  let api: TestServer;

  beforeAll(async () => {
    api = await startServer();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('passes every check when whoami answers 200, calling GET <base>/v3/users/me with the bearer token', async () => {
    api.handle((req, res) => {
      if (req.url === '/v3/users/me') return json(res, 200, { id: 'u-1', email: 'jane@example.com', full_name: 'Jane Doe' });
      json(res, 404, { message: 'not found' });
    });
    const report = await runDoctor({ nodeVersion: '20.19.0', token: TOKEN, region: 'eu', baseUrl: api.url }, deps);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ['Node.js', 'ok'],
      ['token', 'ok'],
      ['region', 'ok'],
      ['base URL', 'ok'],
      ['whoami', 'ok'],
    ]);
    expect(report.checks.at(-1)?.detail).toBe('signed in as Jane Doe <jane@example.com>');
    const whoami = api.requests.find((r) => r.url === '/v3/users/me');
    expect(whoami?.method).toBe('GET');
    expect(whoami?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    // The reachability probe sends no token.
    expect(api.requests.find((r) => r.url === '/')?.headers.authorization).toBeUndefined();
    expect(renderDoctor(report)).toMatch(/All checks passed\.$/);
  });

  it('fails whoami on 401 with a fix that says to create a new token', async () => {
    api.handle((_req, res) => json(res, 401, { message: 'Unauthorized' }));
    const report = await runDoctor({ nodeVersion: '20.19.0', token: TOKEN, region: undefined, baseUrl: api.url }, deps);
    expect(report.ok).toBe(false);
    const whoami = report.checks.find((c) => c.name === 'whoami');
    expect(whoami).toMatchObject({ status: 'fail', detail: `GET ${api.url}/v3/users/me answered 401` });
    expect(whoami?.fix).toMatch(/invalid, expired or revoked.*new token/);
    const text = renderDoctor(report);
    expect(text).toMatch(/FAIL {2}whoami/);
    expect(text).toMatch(/1 check failed\.$/);
    expect(text).not.toContain(TOKEN);
  });

  it('skips whoami without a token and still reports the other checks', async () => {
    const before = api.requests.length;
    api.handle((_req, res) => json(res, 200, {}));
    const report = await runDoctor({ nodeVersion: '20.19.0', token: undefined, region: 'mars', baseUrl: api.url }, deps);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'whoami')?.status).toBe('skip');
    expect(report.checks.find((c) => c.name === 'region')?.status).toBe('fail');
    expect(api.requests.slice(before).map((r) => r.url)).toEqual(['/']);
  });

  it('reports an unreachable base URL with a network fix and skips whoami', async () => {
    const gone = await startServer();
    const url = gone.url;
    await gone.close();
    const report = await runDoctor({ nodeVersion: '20.19.0', token: TOKEN, region: 'us', baseUrl: url }, deps);
    const reach = report.checks.find((c) => c.name === 'base URL');
    expect(reach).toMatchObject({ status: 'fail', detail: expect.stringContaining('not reachable'), fix: expect.stringMatching(/connection|proxy/) });
    // The advice names the base URL the user chose, not Konnect's hosts.
    expect(reach?.fix).toContain(`that ${url} is up and reachable`);
    expect(reach?.fix).not.toMatch(/konghq\.com/);
    expect(report.checks.find((c) => c.name === 'whoami')).toMatchObject({ status: 'skip', detail: 'needs the base URL to be reachable' });
    expect(report.ok).toBe(false);
  });

  it('reports a malformed base URL instead of throwing', async () => {
    const report = await runDoctor({ nodeVersion: '20.19.0', token: TOKEN, region: 'us', baseUrl: 'not a url' }, deps);
    expect(report.checks.at(-1)).toMatchObject({ name: 'base URL', status: 'fail' });
  });

  it('gives whoami 404 its own advice: the base URL has no /v3/users/me', async () => {
    api.handle((req, res) => (req.url === '/' ? json(res, 200, {}) : json(res, 404, { message: 'Not Found' })));
    const report = await runDoctor({ nodeVersion: '20.19.0', token: TOKEN, region: 'us', baseUrl: api.url }, deps);
    const whoami = report.checks.find((c) => c.name === 'whoami');
    expect(whoami).toMatchObject({ status: 'fail', detail: `GET ${api.url}/v3/users/me answered 404` });
    expect(whoami?.fix).toContain(`${api.url} has no /v3/users/me`);
    expect(whoami?.fix).not.toMatch(/pathParams|ids/);
  });

  it('without a base URL, a whoami 404 says Konnect has no user for the token', async () => {
    api.handle((req, res) => (req.url === '/' ? json(res, 200, {}) : json(res, 404, { message: 'Not Found' })));
    // Konnect's own hosts, answered by the local server: fetch for the probes, the base URL for the call only.
    const local: DoctorDeps = {
      fetch: (_url, init) => globalThis.fetch(`${api.url}/`, init),
      toolDeps: (config) => deps.toolDeps({ ...config, baseUrl: api.url }),
    };
    const report = await runDoctor({ nodeVersion: '20.19.0', token: TOKEN, region: 'eu', baseUrl: undefined }, local);
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ['Node.js', 'ok'],
      ['token', 'ok'],
      ['region', 'ok'],
      ['regional host', 'ok'],
      ['global host', 'ok'],
      ['whoami', 'fail'],
    ]);
    expect(report.checks.at(-1)?.fix).toMatch(/no user for this token.*new personal access token/);
  });

  it('waits for the hosts as long as --timeout says, not a shorter fixed limit', async () => {
    const seen: string[] = [];
    const timingOut: DoctorDeps = {
      ...deps,
      fetch: (url) => {
        seen.push(String(url));
        return Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      },
    };
    const report = await runDoctor({ nodeVersion: '20.19.0', token: TOKEN, region: 'us', baseUrl: undefined, timeout: '45000' }, timingOut);
    expect(seen).toEqual(['https://us.api.konghq.com/', 'https://global.api.konghq.com/']);
    const host = report.checks.find((c) => c.name === 'global host');
    expect(host?.detail).toBe('https://global.api.konghq.com is not reachable: no answer within 45000 ms (--timeout / KONNECT_TIMEOUT)');
    expect(host?.fix).toMatch(/\*\.api\.konghq\.com/);
  });

  it('stops waiting for a silent host after --timeout', async () => {
    const silent = await startServer(() => undefined);
    try {
      const report = await runDoctor({ nodeVersion: '20.19.0', token: TOKEN, region: 'us', baseUrl: silent.url, timeout: '200' }, deps);
      expect(report.checks.find((c) => c.name === 'base URL')?.detail).toBe(`${silent.url} is not reachable: no answer within 200 ms (--timeout / KONNECT_TIMEOUT)`);
    } finally {
      await silent.close();
    }
  });

  describe('without a base URL: the regional and global Konnect hosts', () => {
    let regional: TestServer;
    let global: TestServer;
    const asked: string[] = [];
    beforeAll(async () => {
      regional = await startServer((_req, res) => json(res, 404, { message: 'no route' }));
      global = await startServer((_req, res) => json(res, 200, {}));
    });
    afterAll(async () => {
      await regional?.close();
      await global?.close();
    });

    /** Doctor's fetch, with Konnect's origins mapped to local servers; an origin left out is unreachable. */
    function konnect(hosts: Record<string, TestServer>): DoctorDeps {
      asked.length = 0;
      return {
        fetch: (url, init) => {
          const u = new URL(String(url));
          asked.push(u.origin);
          const to = hosts[u.origin];
          if (!to) return Promise.reject(new TypeError('fetch failed', { cause: new Error(`getaddrinfo ENOTFOUND ${u.hostname}`) }));
          return globalThis.fetch(`${to.url}${u.pathname}${u.search}`, init);
        },
        // whoami goes through execute's own sender: point its base URL at the local Konnect.
        toolDeps: (config) => deps.toolDeps({ ...config, baseUrl: api.url }),
      };
    }

    it("probes the region's host and the global host, without the token, and signs in", async () => {
      api.handle((req, res) => json(res, 200, { id: 'u-2', email: 'ann@example.com', full_name: 'Ann' }));
      const before = { regional: regional.requests.length, global: global.requests.length };
      const report = await runDoctor({ nodeVersion: '20.19.0', token: TOKEN, region: 'au', baseUrl: undefined }, konnect({ 'https://au.api.konghq.com': regional, 'https://global.api.konghq.com': global }));
      expect(asked).toEqual(['https://au.api.konghq.com', 'https://global.api.konghq.com']);
      expect(report.checks.find((c) => c.name === 'regional host')).toEqual({ name: 'regional host', status: 'ok', detail: 'https://au.api.konghq.com answered (HTTP 404)' });
      expect(report.checks.find((c) => c.name === 'global host')).toEqual({ name: 'global host', status: 'ok', detail: 'https://global.api.konghq.com answered (HTTP 200)' });
      expect(report.checks.at(-1)).toMatchObject({ name: 'whoami', status: 'ok', detail: 'signed in as Ann <ann@example.com>' });
      expect(report.ok).toBe(true);
      for (const r of [...regional.requests.slice(before.regional), ...global.requests.slice(before.global)]) {
        expect(r.url).toBe('/');
        expect(r.headers.authorization).toBeUndefined();
      }
    });

    it('fails an unreachable regional host with a firewall fix, and still signs in through the global host', async () => {
      api.handle((_req, res) => json(res, 200, { id: 'u-3' }));
      const report = await runDoctor({ nodeVersion: '20.19.0', token: TOKEN, region: 'me', baseUrl: undefined }, konnect({ 'https://global.api.konghq.com': global }));
      expect(report.checks.find((c) => c.name === 'regional host')).toEqual({
        name: 'regional host',
        status: 'fail',
        detail: 'https://me.api.konghq.com is not reachable: getaddrinfo ENOTFOUND me.api.konghq.com',
        fix: 'Check your internet connection, VPN and proxy settings, and that HTTPS to *.api.konghq.com is allowed by your firewall.',
      });
      expect(report.checks.at(-1)).toMatchObject({ name: 'whoami', status: 'ok', detail: 'signed in as user u-3' });
      expect(report.ok).toBe(false);
    });

    it('skips whoami when the global host is unreachable, and skips the regional probe for an unknown region', async () => {
      const before = api.requests.length;
      const report = await runDoctor({ nodeVersion: '20.19.0', token: TOKEN, region: 'mars', baseUrl: undefined }, konnect({}));
      expect(asked).toEqual(['https://global.api.konghq.com']);
      expect(report.checks.find((c) => c.name === 'regional host')).toEqual({ name: 'regional host', status: 'skip', detail: 'needs a valid region' });
      expect(report.checks.find((c) => c.name === 'global host')?.status).toBe('fail');
      expect(report.checks.at(-1)).toEqual({ name: 'whoami', status: 'skip', detail: 'needs the global host to be reachable' });
      expect(api.requests.length).toBe(before);
    });

    it('gives whoami 403 and 503 the answer\'s own hint, and a system account token a warning instead', async () => {
      const hosts = { 'https://us.api.konghq.com': regional, 'https://global.api.konghq.com': global };
      api.handle((_req, res) => json(res, 403, { message: 'Forbidden' }));
      const forbidden = await runDoctor({ nodeVersion: '20.19.0', token: TOKEN, region: 'us', baseUrl: undefined }, konnect(hosts));
      const f = forbidden.checks.at(-1);
      expect(f).toMatchObject({ name: 'whoami', status: 'fail', detail: `GET ${api.url}/v3/users/me answered 403` });
      expect(f?.fix).toMatch(/permission|role|team/i);
      expect(f?.fix).not.toMatch(/new token|status\.konghq\.com/);

      const spat = await runDoctor({ nodeVersion: '20.19.0', token: 'spat_doctorSecret0123456789', region: 'us', baseUrl: undefined }, konnect(hosts));
      expect(spat.checks.at(-1)).toEqual({ name: 'whoami', status: 'warn', detail: `GET ${api.url}/v3/users/me answered 403: the token was accepted, but this system account has no user record to show` });
      expect(spat.ok).toBe(true);

      // A Retry-After past the client's limit is not waited for: the answer comes back at once.
      api.handle((_req, res) => json(res, 503, { message: 'maintenance' }, { 'retry-after': '3600' }));
      const down = await runDoctor({ nodeVersion: '20.19.0', token: TOKEN, region: 'us', baseUrl: undefined }, konnect(hosts));
      const d = down.checks.at(-1);
      expect(d).toMatchObject({ name: 'whoami', status: 'fail', detail: `GET ${api.url}/v3/users/me answered 503` });
      expect(d?.fix).toMatch(/later|status\.konghq\.com/i);
      expect(renderDoctor(down)).not.toContain(TOKEN);
    });
  });
});
