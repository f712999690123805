import { describe, expect, it } from 'vitest';
import { parsePairs } from '../../src/commands/call.js';

describe('parsePairs', () => {
  it('keeps every value a string and a name like __proto__ an own key', () => {
    const pairs = parsePairs('--query', ['__proto__=x', 'size=5', 'a=b=c']);
    expect(Object.getPrototypeOf(pairs)).toBeNull();
    expect(Object.entries(pairs)).toEqual([['__proto__', 'x'], ['size', '5'], ['a', 'b=c']]);
  });

  it('refuses an item without a name', () => {
    expect(() => parsePairs('--path', ['=x'])).toThrow(/--path expects name=value, got "=x"/);
  });
});
