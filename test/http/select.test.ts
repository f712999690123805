import { describe, expect, it } from 'vitest';
import { checkSelect, runSelect } from '../../src/http/select.js';

const tight = { ms: 2_000, heapMb: 64, outputBytes: 1_000 };

describe('runSelect', () => {
  it('evaluates in a worker and answers plain JSON', async () => {
    const items = [{ name: 'a', service: null }, { name: 'b', service: { id: 's' } }];
    expect(await runSelect('[?service==null].name', items)).toEqual(['a']);
    expect(await runSelect('length(@)', items)).toBe(2);
    expect(await runSelect('[0].missing', items)).toBeNull();
  });

  it('refuses an answer over the output cap, saying its size', async () => {
    const doubling = Array.from({ length: 12 }, () => '[@,@]').join(' | ');
    checkSelect(doubling);
    await expect(runSelect(doubling, [1], tight)).rejects.toThrow(/select answered 24573 characters of JSON, over 1000; nothing larger is evaluated/);
  });

  it('stops an expression that would take too long or too much memory', async () => {
    const flattening = Array.from({ length: 60 }, () => '[@,@] | []').join(' | ');
    await expect(runSelect(flattening, [1, 2, 3], tight)).rejects.toThrow(/select (took over 2 s|needed over 64 MB); nothing larger is evaluated/);
  }, 20_000);

  it('says which function argument was wrong', async () => {
    await expect(runSelect('sort_by(@, &nam)', [{ name: 'a' }, { name: 'b' }])).rejects.toThrow(/select failed on the items: .*Check the field names/);
  });
});
