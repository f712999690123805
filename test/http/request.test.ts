import { beforeAll, describe, expect, it } from 'vitest';
import { RefusedError } from '../../src/errors.js';
import { buildRequest, checkHeaders, encodePathValue, queryString, serializeQuery, type RequestArgs } from '../../src/http/request.js';
import { loadGadgets, type FixtureOp } from '../helpers/gadgets.js';

const BASE = 'https://us.api.konghq.com/v7';
const ID = '3f1c2a9e-5b7d-4e11-9c3a-0d2b6e8f4a10';
let op: (id: string) => FixtureOp;

beforeAll(async () => {
  ({ op } = await loadGadgets());
});

function build(id: string, args: RequestArgs, auth = true) {
  const o = op(id);
  return buildRequest(o, o.spec, args, { baseUrl: BASE, auth });
}

describe('path parameters', () => {
  it('substitutes and percent-encodes each value into one segment', () => {
    expect(build('get-gadget', { pathParams: { gadgetId: ID } }).url).toBe(`${BASE}/gadgets/${ID}`);
    expect(build('get-gadget-file', { pathParams: { gadgetId: 'a b', fileName: 'x?y#z&w=1' } }).url).toBe(`${BASE}/gadgets/a%20b/files/x%3Fy%23z%26w%3D1`);
  });

  it('keeps ../../v3/users inside its segment, so the request path cannot change', () => {
    const req = build('get-gadget-file', { pathParams: { gadgetId: '../../v3/users', fileName: '..%2F..%2Fadmin' } });
    const url = new URL(req.url);
    expect(url.pathname).toBe('/v7/gadgets/..%2F..%2Fv3%2Fusers/files/..%252F..%252Fadmin');
    expect(url.origin).toBe('https://us.api.konghq.com');
  });

  it('refuses "." and ".." which URL parsers collapse even when percent-encoded', () => {
    for (const bad of ['.', '..']) {
      expect(() => build('get-gadget', { pathParams: { gadgetId: bad } })).toThrow(RefusedError);
    }
    expect(() => encodePathValue('gadgetId', '')).toThrow(/gadgetId is empty/);
    expect(encodePathValue('n', '...')).toBe('...');
  });

  it('names every missing path parameter', () => {
    expect(() => build('get-gadget-file', { pathParams: {} })).toThrow(/missing path parameter\(s\) gadgetId, fileName/);
  });

  it('writes numbers as text', () => {
    expect(build('get-gadget-file', { pathParams: { gadgetId: 42, fileName: 'a' } }).url).toBe(`${BASE}/gadgets/42/files/a`);
  });
});

describe('query serialization', () => {
  const q = (query: Record<string, unknown>) => new URL(build('list-gadgets', { query }).url).search;

  it('sends deepObject filters as filter[name][contains]=x with readable brackets', () => {
    expect(q({ filter: { name: { contains: 'x y' } } })).toBe('?filter[name][contains]=x%20y');
    expect(build('list-gadgets', { query: { filter: { name: { contains: 'x', eq: 'y' } } } }).url).toBe(`${BASE}/gadgets?filter[name][contains]=x&filter[name][eq]=y`);
  });

  it('sends bracket-named parameters exactly as spelled', () => {
    expect(q({ 'filter[owner][eq]': 'me', 'page[size]': 10 })).toBe('?filter[owner][eq]=me&page[size]=10');
  });

  it('serializes arrays per style and explode', () => {
    expect(q({ ids: ['a', 'b'] })).toBe('?ids=a&ids=b'); // form, explode by default
    expect(q({ tags: ['a', 'b,c'] })).toBe('?tags=a,b%2Cc'); // form, explode: false; a comma inside an item is encoded
    expect(q({ piped: ['a', 'b'] })).toBe('?piped=a|b');
    expect(serializeQuery('s', ['a b', 'c'], { style: 'spaceDelimited' })).toEqual([['s', 'a%20b%20c']]);
  });

  it('writes booleans as true/false and numbers plainly', () => {
    expect(q({ include_deleted: true, 'page[number]': 2 })).toBe('?include_deleted=true&page[number]=2');
    expect(q({ include_deleted: false })).toBe('?include_deleted=false');
  });

  it('drops null and undefined values', () => {
    expect(q({ sort: null, include_deleted: undefined })).toBe('');
  });

  it('treats an object without a declared style as deepObject, the Konnect convention', () => {
    expect(serializeQuery('page', { size: 5, after: 'c' })).toEqual([
      ['page[size]', '5'],
      ['page[after]', 'c'],
    ]);
  });

  it('spreads form-style objects and joins non-exploded ones', () => {
    expect(serializeQuery('f', { a: 1, b: 'x' }, { style: 'form', explode: true })).toEqual([
      ['a', '1'],
      ['b', 'x'],
    ]);
    expect(serializeQuery('f', { a: 1, b: 'x' }, { style: 'form', explode: false })).toEqual([['f', 'a,1,b,x']]);
  });

  it('percent-encodes values so they cannot add parameters', () => {
    expect(queryString(serializeQuery('sort', 'name&admin=true'))).toBe('sort=name%26admin%3Dtrue');
  });
});

describe('headers', () => {
  const hdr = (headers: Record<string, string>) => checkHeaders('list-gadgets', op('list-gadgets').spec, headers);

  it('passes declared headers with the spec spelling, and harmless ones', () => {
    expect(hdr({ 'x-trace-level': '2', 'If-None-Match': '"abc"', 'Accept-Language': 'en' })).toEqual({ 'X-Trace-Level': '2', 'If-None-Match': '"abc"', 'Accept-Language': 'en' });
  });

  it.each(['Authorization', 'authorization', 'Host', 'Cookie', 'Content-Length', 'Proxy-Authorization', 'Transfer-Encoding', 'User-Agent'])('refuses %s', (name) => {
    expect(() => hdr({ [name]: 'x' })).toThrow(/cannot be set by the caller/);
  });

  it('refuses CR or LF anywhere in a name or value', () => {
    expect(() => hdr({ 'X-Trace-Level': '1\r\nAuthorization: Bearer evil' })).toThrow(/CR, LF or NUL/);
    expect(() => hdr({ 'X-Trace-Level\n': '1' })).toThrow(/CR, LF or NUL/);
    expect(() => hdr({ 'If-Match': 'a\nb' })).toThrow(/CR, LF or NUL/);
  });

  it('refuses a header name past 256 or a value past 8,192 characters, saying the lengths', () => {
    expect(hdr({ 'If-None-Match': 'v'.repeat(8192) })).toEqual({ 'If-None-Match': 'v'.repeat(8192) });
    expect(() => hdr({ 'If-None-Match': 'v'.repeat(8193) })).toThrow(/"If-None-Match" is too long \(name 13, value 8193 characters; at most 256 and 8192\)/);
    expect(() => hdr({ ['X'.repeat(257)]: '1' })).toThrow(/is too long \(name 257/);
  });

  it('refuses undeclared headers and names what is allowed', () => {
    expect(() => hdr({ 'X-Admin': '1' })).toThrow(/X-Admin is not declared by list-gadgets; allowed: X-Trace-Level, accept/);
    expect(() => hdr({ 'bad name': '1' })).toThrow(/not a valid HTTP header name/);
  });

  it('allows a Content-Type only when the operation accepts it', () => {
    expect(() => checkHeaders('create-gadget', op('create-gadget').spec, { 'Content-Type': 'text/plain' })).toThrow(/takes application\/json/);
    expect(checkHeaders('create-gadget', op('create-gadget').spec, { 'content-type': 'application/json' })).toEqual({ 'Content-Type': 'application/json' });
  });
});

describe('buildRequest', () => {
  it('serializes a JSON body with its content type', () => {
    const req = build('create-gadget', { body: { name: 'g' } });
    expect(req).toEqual({ method: 'POST', url: `${BASE}/gadgets`, headers: { 'Content-Type': 'application/json' }, body: '{"name":"g"}', auth: true });
  });

  it('sends no body and no content type when there is none', () => {
    const req = build('delete-gadget', { pathParams: { gadgetId: ID } }, false);
    expect(req).toEqual({ method: 'DELETE', url: `${BASE}/gadgets/${ID}`, headers: {}, auth: false });
  });

  it('carries no token and sets no Authorization: that is the sender\'s job', () => {
    const req = build('list-gadgets', { query: { sort: 'name' } });
    expect(Object.keys(req.headers)).toEqual([]);
  });
});
