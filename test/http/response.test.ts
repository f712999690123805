import { describe, expect, it } from 'vitest';
import { errorHint, MAX_TEXT, parseBody, shapeResponse } from '../../src/http/response.js';

const ctx = { method: 'GET', url: 'https://us.api.konghq.com/v2/x', region: 'us' };
const raw = (status: number, text: string, headers: Record<string, string> = {}) => ({ status, ok: status < 400, headers: new Headers(headers), text, retries: 0 });

describe('parseBody', () => {
  it('parses JSON, by content type or by look', async () => {
    expect(await parseBody('{"a":1}', 'application/json')).toEqual({ a: 1 });
    expect(await parseBody('[1]', null)).toEqual([1]);
    expect(await parseBody('{"a":1}', 'application/problem+json')).toEqual({ a: 1 });
  });

  it('returns null for an empty body', async () => {
    expect(await parseBody('', 'application/json')).toBeNull();
  });

  it('turns an HTML page into trimmed text without tags, scripts or styles', async () => {
    const html = '<!DOCTYPE html><html><head><style>p{color:red}</style><script>var t="x"</script></head><body>\n  <h1>502   Bad Gateway</h1><p>The upstream &amp; friends</p></body></html>';
    expect(await parseBody(html, 'text/html')).toBe('502 Bad Gateway The upstream & friends');
  });

  it('cuts a long HTML page and says how much was cut', async () => {
    const html = `<html><body><p>${'x'.repeat(MAX_TEXT + 500)}</p></body></html>`;
    expect(await parseBody(html, 'text/html')).toBe(`${'x'.repeat(MAX_TEXT)}… (500 more characters cut)`);
  });

  it('keeps the lines of other text, such as a YAML spec, trimmed at the ends', async () => {
    expect(await parseBody('\nopenapi: 3.0.0\ninfo:\n  title: x\n\n', 'application/yaml')).toBe('openapi: 3.0.0\ninfo:\n  title: x');
  });

  it('falls back to text when a JSON content type carries something else', async () => {
    expect(await parseBody('{not json', 'application/json')).toBe('{not json');
  });
});

describe('errorHint', () => {
  const hint = (status: number, body: unknown = null, headers: Record<string, string> = {}, region?: string) => errorHint(status, new Headers(headers), body, { ...ctx, region });

  it('400/422 names the fields Konnect flagged', async () => {
    const body = { title: 'Bad Request', invalid_parameters: [{ field: 'name', reason: 'is required' }, { field: 'port', rule: 'min' }] };
    expect(hint(400, body)).toMatch(/^Konnect flagged: name \(is required\); port \(min\)\. The request was rejected as invalid/);
    expect(hint(422)).toMatch(/^The request was rejected as invalid/);
  });

  it('401 says how to make a token', async () => {
    expect(hint(401)).toMatch(/invalid or expired.*Personal access tokens.*KONNECT_TOKEN/);
  });

  it('403 says a role is missing', async () => {
    expect(hint(403)).toMatch(/lacks the role/);
  });

  it('404 suggests a wrong id or another region', async () => {
    expect(hint(404, null, {}, 'eu')).toMatch(/check the ids.*went to region "eu".*pass region/);
    expect(hint(404)).not.toMatch(/region/);
  });

  it('429 says when to retry', async () => {
    expect(hint(429, null, { 'retry-after': '42' })).toBe('Rate limited by Konnect: retry after 42 s. Slow down or narrow the request.');
  });

  it('3xx says where it points and that it was not followed', async () => {
    expect(hint(302, null, { location: 'https://x.example.com/sso' })).toBe('The API answered with a redirect to https://x.example.com/sso; execute does not follow redirects (it only talks to Konnect hosts).');
  });

  it('5xx blames Konnect', async () => {
    expect(hint(503)).toMatch(/Konnect's side/);
  });
});

describe('shapeResponse', () => {
  it('returns status, ok, method, url, retries, the request id and rate-limit headers, and the body', async () => {
    const shaped = await shapeResponse(raw(200, '{"data":[]}', { 'content-type': 'application/json', 'x-kong-request-id': 'abc', 'ratelimit-remaining': '9', 'set-cookie': 'secret=1', server: 'kong' }), ctx);
    expect(shaped).toEqual({
      status: 200,
      ok: true,
      method: 'GET',
      url: ctx.url,
      retries: 0,
      headers: { 'x-kong-request-id': 'abc', 'ratelimit-remaining': '9', 'content-type': 'application/json' },
      body: { data: [] },
    });
  });

  it('keeps the problem body and adds a hint on errors', async () => {
    const shaped = await shapeResponse(raw(404, '{"title":"Not Found","detail":"no such route"}'), ctx);
    expect(shaped).toMatchObject({ status: 404, ok: false, body: { title: 'Not Found', detail: 'no such route' } });
    expect(shaped.hint).toMatch(/^Not found/);
  });
});
