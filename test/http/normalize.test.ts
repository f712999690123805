import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { indexer } from '../../src/search/index.js';
import { coerceByType, normalizeInput, normalizeQuery } from '../../src/http/normalize.js';
import { operationSpec, type OperationSpec } from '../../src/http/spec.js';
import { CATALOG_DIR } from '../../src/paths.js';
import { loadGadgets, type FixtureOp } from '../helpers/gadgets.js';

let catalog: Catalog;
let op: (id: string) => FixtureOp;

beforeAll(async () => {
  catalog = await loadCatalog({ indexer, dir: CATALOG_DIR });
  ({ op } = await loadGadgets());
});

async function konnectSpec(operationId: string): Promise<OperationSpec> {
  const o = catalog.find(operationId);
  return operationSpec(await catalog.spec(catalog.api(o)), o);
}

describe('normalizeQuery', () => {
  it('flattens {filter:{name:{contains}}} onto the declared filter[name][contains] of list-route', async () => {
    expect(normalizeQuery((await konnectSpec('list-route')).params, { filter: { name: { contains: 'a' } }, size: '10' })).toEqual({ 'filter[name][contains]': 'a', size: 10 });
  });

  it('folds page[size] into a declared deepObject page, coercing its integer', async () => {
    expect(normalizeQuery((await konnectSpec('list-meters')).params, { 'page[size]': '5', 'page[number]': 2 })).toEqual({ page: { size: 5, number: 2 } });
  });

  it('keeps an object for a declared deepObject parameter, and unknown names as given', () => {
    const params = op('list-gadgets').spec.params;
    expect(normalizeQuery(params, { filter: { name: { eq: 'x' } }, nope: { a: 1 } })).toEqual({ filter: { name: { eq: 'x' } }, nope: { a: 1 } });
  });
});

describe('coerceByType', () => {
  it('turns only whole numeric strings into numbers, for numeric types only', () => {
    expect(coerceByType('10', 'integer')).toBe(10);
    expect(coerceByType('-3', 'integer')).toBe(-3);
    expect(coerceByType('1.5', 'integer')).toBe('1.5');
    expect(coerceByType('1.5', 'number')).toBe(1.5);
    expect(coerceByType('10', 'string')).toBe('10');
    expect(coerceByType('1e3', 'number')).toBe('1e3');
    expect(coerceByType(' 10', 'integer')).toBe(' 10');
  });

  it('turns only "true" and "false" into booleans, for boolean parameters only', () => {
    expect(coerceByType('true', 'boolean')).toBe(true);
    expect(coerceByType('false', 'boolean')).toBe(false);
    expect(coerceByType('True', 'boolean')).toBe('True');
    expect(coerceByType('1', 'boolean')).toBe('1');
    expect(coerceByType('true', 'string')).toBe('true');
  });
});

describe('normalizeInput', () => {
  it('writes a number for a string path id as text and matches header names to the spec', () => {
    const { input, problems } = normalizeInput(op('list-gadgets').spec, { headers: { 'x-trace-level': '2' } });
    expect(problems).toEqual([]);
    expect(input.headers).toEqual({ 'X-Trace-Level': '2' });
    expect(normalizeInput(op('get-gadget-file').spec, { pathParams: { gadgetId: 42, fileName: 'a' } }).input.pathParams).toEqual({ gadgetId: '42', fileName: 'a' });
  });
});
