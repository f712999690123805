import { describe, expect, it } from 'vitest';
import { readVerbList } from '../../src/search/verbs.js';

describe('readVerbList', () => {
  it('reads words that are mostly verbs apart from words that may be one', () => {
    const verbs = readVerbList({ usually: 'hide keep', also: 'ban group' });
    expect(verbs?.reading('keep')).toBe('usually');
    expect(verbs?.reading('ban')).toBe('also');
    expect(verbs?.reading('consumer')).toBeUndefined();
    expect(verbs?.reading('constructor')).toBeUndefined();
  });

  it('gives no list for a missing or malformed one, so a stale index still loads', () => {
    expect(readVerbList(undefined)).toBeUndefined();
    expect(readVerbList({ usually: 'keep' })).toBeUndefined();
    expect(readVerbList({ usually: 'keep  hide', also: '' })).toBeUndefined();
    expect(readVerbList({ usually: 'keep', also: '' })?.reading('')).toBeUndefined();
    expect(readVerbList({ usually: 'Keep', also: 'ban' })).toBeUndefined();
  });
});
