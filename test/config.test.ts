import { describe, expect, it } from 'vitest';
import { parseConfig, parseHttpConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

describe('parseConfig', () => {
  it('applies defaults', () => {
    const { config, warnings } = parseConfig({});
    expect(config).toEqual({ token: undefined, region: 'us', baseUrl: undefined, readOnly: false, timeoutMs: 30000, specs: [], allVersions: false, allow: [], deny: [], maxResponseTokens: 20000 });
    expect(warnings).toEqual([]);
  });
  it('parses every value', () => {
    const { config } = parseConfig({ token: 'kpat_x', region: 'EU', baseUrl: 'http://127.0.0.1:8080/', readOnly: 'true', timeout: '500', specs: ['a.yaml,b.yaml'], allow: 'list-*, GET /x' });
    expect(config).toMatchObject({ token: 'kpat_x', region: 'eu', baseUrl: 'http://127.0.0.1:8080', readOnly: true, timeoutMs: 500, specs: ['a.yaml', 'b.yaml'], allow: ['list-*', 'GET /x'] });
  });
  it('accepts 1 for read-only', () => {
    expect(parseConfig({ readOnly: '1' }).config.readOnly).toBe(true);
  });
  it('rejects an unknown region, a malformed URL and a non-numeric timeout with one clear line', () => {
    expect(() => parseConfig({ region: 'mars' })).toThrow(new ConfigError('unknown region "mars": use one of us, eu, au, me, in, sg'));
    expect(() => parseConfig({ baseUrl: 'not a url' })).toThrow(/absolute http\(s\) URL/);
    expect(() => parseConfig({ baseUrl: 'ftp://x' })).toThrow(/http or https/);
    expect(() => parseConfig({ timeout: 'soon' })).toThrow(/positive whole number/);
    expect(() => parseConfig({ readOnly: 'maybe' })).toThrow(/1\/true/);
  });
  it('warns about a token without the kpat_ or spat_ prefix', () => {
    expect(parseConfig({ token: 'abc123' }).warnings[0]).toMatch(/kpat_/);
    expect(parseConfig({ token: 'spat_abc' }).warnings).toEqual([]);
  });

  it('drops a Bearer prefix from the token, with a warning', () => {
    const { config, warnings } = parseConfig({ token: 'Bearer kpat_abc' });
    expect(config.token).toBe('kpat_abc');
    expect(warnings).toEqual([expect.stringMatching(/started with "Bearer "/) as string]);
    expect(parseConfig({ token: 'bearer  spat_x' }).config.token).toBe('spat_x');
  });
});

describe('parseHttpConfig', () => {
  const plain = parseConfig({}).config;
  it('binds to 127.0.0.1:3000 by default with a 1 MB-body server that needs no auth', () => {
    expect(parseHttpConfig({}, plain)).toEqual({
      host: '127.0.0.1', port: 3000, sharedToken: false, requireAuth: false, authorizationServers: [], allowedOrigins: [], publicUrl: undefined, bodyTimeoutMs: 10_000, maxConcurrent: 512,
    });
  });
  it('parses every value', () => {
    const http = parseHttpConfig({ host: '0.0.0.0', port: '8080', requireAuth: true, authorizationServers: ['https://a.example.com/realms/x', 'https://b.example.com'], allowedOrigins: 'https://app.example.com, http://localhost:5173', publicUrl: 'https://mcp.example.com/', bodyTimeout: '5000', maxConcurrent: '64' }, plain);
    expect(http).toMatchObject({ host: '0.0.0.0', port: 8080, requireAuth: true, authorizationServers: ['https://a.example.com/realms/x', 'https://b.example.com'], allowedOrigins: ['https://app.example.com', 'http://localhost:5173'], publicUrl: 'https://mcp.example.com', bodyTimeoutMs: 5000, maxConcurrent: 64 });
  });
  it('refuses a server-wide token unless it is shared on purpose', () => {
    const withToken = parseConfig({ token: 'kpat_x' }).config;
    expect(() => parseHttpConfig({}, withToken)).toThrow(/everyone who can reach this port would act as this token's owner/);
    expect(parseHttpConfig({ sharedToken: true }, withToken).sharedToken).toBe(true);
  });
  it('rejects a bad port, origin, host or authorization server with a ConfigError', () => {
    expect(() => parseHttpConfig({ port: '70000' }, plain)).toThrow(ConfigError);
    expect(() => parseHttpConfig({ port: 'http' }, plain)).toThrow(/port must be a whole number/);
    expect(() => parseHttpConfig({ allowedOrigins: 'https://app.example.com/x' }, plain)).toThrow(/bare origins/);
    expect(() => parseHttpConfig({ allowedOrigins: '*' }, plain)).toThrow(ConfigError);
    expect(() => parseHttpConfig({ host: 'a b' }, plain)).toThrow(/--host/);
    expect(() => parseHttpConfig({ requireAuth: true, authorizationServers: 'ftp://x' }, plain)).toThrow(/http or https/);
    expect(() => parseHttpConfig({ authorizationServers: 'https://a.example.com' }, plain)).toThrow(/--require-auth/);
  });
});
