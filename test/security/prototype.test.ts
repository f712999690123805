// Items 1-3 of the security review: no argument, in any string position of any tool, reaches Object.prototype,
// sends a request anywhere but the configured upstream, or makes a lookup fall through to an inherited member.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ToolDeps } from '../../src/deps.js';
import * as execute from '../../src/tools/execute.js';
import * as getSchema from '../../src/tools/get-schema.js';
import type { ToolResult } from '../../src/tools/result.js';
import * as search from '../../src/tools/search.js';
import * as searchDocs from '../../src/tools/search-docs.js';

import { expectUntouched, pagedGadgets, PROTO_KEYS, protoKeys, startRig, toolDeps, type Rig } from './hostile.js';

let rig: Rig;
let deps: ToolDeps;
let before: string[];

beforeAll(async () => {
  before = protoKeys();
  rig = await startRig();
  deps = toolDeps(rig);
});
afterAll(async () => {
  expectUntouched(before, rig); // the suite's final check: nothing added to Object.prototype, nothing sent away
  await rig.close();
});
beforeEach(() => {
  rig.upstream.requests.length = 0;
  pagedGadgets(rig.upstream);
});

const text = (r: ToolResult): string => r.content[0]?.text ?? '';

describe('critical: query names cannot reach the prototype or redirect the token', () => {
  it('a __proto__ segment in a bracketed query name stays a query key; page 2 still goes to the upstream', async () => {
    const r = await execute.handle({ operationId: 'list-gadgets', query: { 'filter[__proto__][prefixUrl]': `${rig.attacker.url}/` }, maxItems: 5 }, deps);
    expect(r.isError).toBeFalsy();
    expect(rig.upstream.requests).toHaveLength(2);
    expect(rig.upstream.requests.every((q) => q.url.startsWith('/v7/gadgets?'))).toBe(true);
    expect(protoKeys()).toEqual(before);
    // The call after it (and the dry run) go to the upstream too.
    await execute.handle({ operationId: 'list-gadgets' }, deps);
    expect(rig.upstream.requests).toHaveLength(3);
    expect(rig.attacker.requests).toEqual([]);
  });

  it('an object query with a __proto__ key (as JSON.parse makes it) is nested without touching the prototype', async () => {
    const query = JSON.parse(`{"filter": {"__proto__": {"prefixUrl": "${rig.attacker.url}/"}}}`) as Record<string, unknown>;
    await execute.handle({ operationId: 'list-gadgets', query, maxItems: 5 }, deps);
    expect(protoKeys()).toEqual(before);
    expect(rig.attacker.requests).toEqual([]);
  });

  it('the sender refuses a URL whose origin is not allowed, right before fetch opens it', async () => {
    const err = await deps.send!({ method: 'GET', url: `${rig.attacker.url}/v2/x`, headers: {}, auth: true }, { allowed: new Set([rig.upstream.url]) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ROUTING' });
    expect(rig.attacker.requests).toEqual([]);
  });
});

describe('fields cannot reach the prototype', () => {
  it('fields ["__proto__.y"] projects nothing and adds nothing to Object.prototype', async () => {
    const r = await execute.handle({ operationId: 'list-gadgets', fields: ['__proto__.y', 'constructor.prototype.z', 'id'] }, deps);
    expect(r.isError).toBeFalsy();
    expect(protoKeys()).toEqual(before);
    expect(({} as Record<string, unknown>).y).toBeUndefined();
    expect((r.structuredContent?.body as { data: unknown[] }).data).toEqual([{ id: 'a' }]);
  });
});

describe('lookups by name do not fall through to Object.prototype', () => {
  it('search_docs with "constructor" and other inherited names answers normally', async () => {
    for (const q of ['constructor', 'toString valueOf', '__proto__ hasOwnProperty']) {
      const r = await searchDocs.handle({ query: q, limit: 3 }, deps);
      expect(text(r)).not.toMatch(/INTERNAL|internal error/);
    }
  });

  it('get_schema part "response:__proto__" is an unknown response, not {}', async () => {
    const r = await getSchema.handle({ operationId: 'list-gadgets', part: 'response:__proto__' }, deps);
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/no response "__proto__"/);
  });

  it('get_schema part "requestBody.toString" is an unknown field, not an internal error', async () => {
    const r = await getSchema.handle({ operationId: 'create-gadget', part: 'requestBody.toString' }, deps);
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/no field at "requestBody.toString"/);
  });
});

/** Every string position of every tool, each filled with each prototype key. */
function positions(k: string): [string, (d: ToolDeps) => Promise<ToolResult>][] {
  const ex = (args: execute.ExecuteArgs) => (d: ToolDeps) => execute.handle(args, d);
  return [
    ['search.query', (d) => search.handle({ query: k, limit: 5 }, d)],
    ['search.api', (d) => search.handle({ query: 'list gadgets', limit: 5, api: k }, d)],
    ['get_schema.operationId', (d) => getSchema.handle({ operationId: k }, d)],
    ['get_schema.api', (d) => getSchema.handle({ operationId: 'list-gadgets', api: k }, d)],
    ['get_schema.part', (d) => getSchema.handle({ operationId: 'create-gadget', part: k }, d)],
    ['get_schema.part body path', (d) => getSchema.handle({ operationId: 'create-gadget', part: `requestBody.${k}` }, d)],
    ['get_schema.part response', (d) => getSchema.handle({ operationId: 'list-gadgets', part: `response:${k}` }, d)],
    ['get_schema.part response path', (d) => getSchema.handle({ operationId: 'list-gadgets', part: `response:200.${k}` }, d)],
    ['get_schema.part parameter', (d) => getSchema.handle({ operationId: 'list-gadgets', part: `parameters.${k}` }, d)],
    ['execute.operationId', ex({ operationId: k })],
    ['execute.api', ex({ operationId: 'list-gadgets', api: k })],
    ['execute.pathParams key', ex({ operationId: 'get-gadget', pathParams: { [k]: 'x', gadgetId: 'g1' } })],
    ['execute.pathParams value', ex({ operationId: 'get-gadget', pathParams: { gadgetId: k } })],
    ['execute.query key', ex({ operationId: 'list-gadgets', query: { [k]: 'x' }, maxItems: 3 })],
    ['execute.query value', ex({ operationId: 'list-gadgets', query: { 'page[after]': k }, maxItems: 3 })],
    ['execute.query nested key', ex({ operationId: 'list-gadgets', query: { filter: { [k]: { [k]: 'x' } } }, maxItems: 3 })],
    ['execute.query bracket name', ex({ operationId: 'list-gadgets', query: { [`filter[${k}][${k}]`]: 'x' }, maxItems: 3 })],
    ['execute.headers key', ex({ operationId: 'list-gadgets', headers: { [k]: 'x' } })],
    ['execute.headers value', ex({ operationId: 'list-gadgets', headers: { 'X-Trace-Level': k } })],
    ['execute.body key', ex({ operationId: 'create-gadget', body: { [k]: { [k]: 1 } }, dryRun: true })],
    ['execute.body value', ex({ operationId: 'create-gadget', body: k, dryRun: true })],
    ['execute.baseUrl', ex({ operationId: 'list-gadgets', baseUrl: k })],
    ['execute.fields', ex({ operationId: 'list-gadgets', fields: [k, `${k}.${k}`] })],
    ['search_docs.query', (d) => searchDocs.handle({ query: k, limit: 3 }, d)],
  ];
}

describe('prototype keys in every string position of every tool (in-process)', () => {
  it('answers each with a result or a clear error, never an internal one, and sends nothing away', async () => {
    const internal: string[] = [];
    for (const k of PROTO_KEYS) {
      for (const [where, call] of positions(k)) {
        const r = await call(deps);
        if (/INTERNAL|internal error/.test(text(r))) internal.push(`${where} = ${k}: ${text(r).slice(0, 200)}`);
      }
    }
    expect(internal).toEqual([]);
    expectUntouched(before, rig);
  }, 120_000);
});

