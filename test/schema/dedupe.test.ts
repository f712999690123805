import { describe, expect, it } from 'vitest';
import { dedupeRepeats } from '../../src/schema/dedupe.js';

const address = {
  type: 'object',
  description: 'A postal address, with every line a caller may need to fill in for a delivery to arrive.',
  properties: { street: { type: 'string' }, city: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } },
};

describe('dedupeRepeats', () => {
  it('shows a repeated subtree once and points later copies at the first by part path', () => {
    const schema = { type: 'object', properties: { home: address, work: structuredClone(address), list: { type: 'array', items: structuredClone(address) } } };
    expect(dedupeRepeats(schema, 'requestBody')).toEqual({
      type: 'object',
      properties: { home: address, work: { $same: 'requestBody.home' }, list: { type: 'array', items: { $same: 'requestBody.home' } } },
    });
  });

  it('names array items and union members in the paths it points at', () => {
    const schema = { oneOf: [{ type: 'array', items: address }, { type: 'object', properties: { again: structuredClone(address) } }] };
    expect(dedupeRepeats(schema, 'response:200')).toEqual({
      oneOf: [{ type: 'array', items: address }, { type: 'object', properties: { again: { $same: 'response:200.oneOf[0].items' } } }],
    });
  });

  it('leaves small repeats alone', () => {
    const schema = { properties: { a: { type: 'string', format: 'uuid' }, b: { type: 'string', format: 'uuid' } } };
    expect(dedupeRepeats(schema, 'requestBody')).toEqual(schema);
  });
});
