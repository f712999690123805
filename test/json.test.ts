import { describe, expect, it } from 'vitest';
import { nestingDepth } from '../src/json.js';

describe('nestingDepth', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(nestingDepth('x', 5)).toBe(0);
    expect(nestingDepth({}, 5)).toBe(1);
    expect(nestingDepth({ filter: { name: { eq: 'x' } } }, 5)).toBe(3);
    expect(nestingDepth([[1], { a: [2] }], 5)).toBe(3);
  });

  it('stops one past the limit, without recursion, on a million levels', () => {
    let v: unknown = 'x';
    for (let i = 0; i < 1_000_000; i++) v = [v];
    expect(nestingDepth(v, 64)).toBe(65);
  });
});
