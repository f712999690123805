import { describe, expect, it } from 'vitest';
import { buildVerbList } from '../../../scripts/lib/verb-list.js';
import { readVerbList } from '../../../src/search/verbs.js';

describe('buildVerbList', () => {
  it('cuts the English verbs from the lexicon, each as mostly a verb or possibly one, in a form the index reads back', () => {
    const verbs = readVerbList(buildVerbList());
    expect(verbs?.reading('keep')).toBe('usually');
    expect(verbs?.reading('hide')).toBe('usually');
    expect(verbs?.reading('group')).toBe('also');
    expect(verbs?.reading('consumer')).toBeUndefined();
    expect(verbs?.reading('routes')).toBeUndefined();
  });
});
