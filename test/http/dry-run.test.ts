import { describe, expect, it } from 'vitest';
import { curlLine, dryRun, redactedToken } from '../../src/http/dry-run.js';

describe('redactedToken', () => {
  it('keeps only the kind of token', () => {
    expect(redactedToken('kpat_abcdef0123456789')).toBe('kpat_…');
    expect(redactedToken('spat_abcdef0123456789')).toBe('spat_…');
    expect(redactedToken('something-else')).toBe('<KONNECT_TOKEN>');
    expect(redactedToken(undefined)).toBe('<KONNECT_TOKEN>');
  });
});

describe('curlLine', () => {
  it('quotes for the shell, including single quotes in the body', () => {
    expect(curlLine('POST', 'https://x/v2/a?b=1&c=2', { 'Content-Type': 'application/json' }, '{"name":"it\'s"}')).toBe(
      `curl -X POST 'https://x/v2/a?b=1&c=2' -H 'Content-Type: application/json' --data '{"name":"it'\\''s"}'`,
    );
  });
});

describe('dryRun', () => {
  const token = 'kpat_dryRunSecret0123456789';

  it('shows the request with the token redacted and never the token itself', () => {
    const out = dryRun({ method: 'POST', url: 'https://us.api.konghq.com/v2/x', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}', auth: true }, token, 'konnect-mcp/1.0.0');
    expect(out).toMatchObject({ dryRun: true, body: { a: 1 }, headers: { Authorization: 'Bearer kpat_…', 'User-Agent': 'konnect-mcp/1.0.0', Accept: 'application/json' } });
    expect(JSON.stringify(out)).not.toContain(token);
  });

  it('shows no Authorization for a request that will not carry the token', () => {
    const out = dryRun({ method: 'GET', url: 'https://portal.example.com/api/v3/apis', headers: {}, auth: false }, token, 'ua');
    expect(out.headers).toEqual({ 'User-Agent': 'ua', Accept: 'application/json' });
    expect(out.curl).toBe(`curl -X GET 'https://portal.example.com/api/v3/apis' -H 'User-Agent: ua' -H 'Accept: application/json'`);
  });
});
