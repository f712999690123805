import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ANSWERABLE_WORDS_FILE, ASKED_WORDS_FILE, answerableWords, askedField, askedWords, negativeFiles, questionFiles } from '../../../scripts/lib/asked-words.js';

const key = (op: { api: string; operationId: string }): string => `${op.api}#${op.operationId}`;

describe('questionFiles', () => {
  it('reads the tuning question sets and never a frozen blind set or a set of unanswerable questions', async () => {
    const files = await questionFiles();
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((f) => /blind|negative/.test(f))).toEqual([]);
    expect(files.every((f) => f.startsWith('test/fixtures/search-') && f.endsWith('.jsonl'))).toBe(true);
  });
});

describe('askedWords', () => {
  it('is what src/search/asked-words.json holds, so the shipped words come from the committed questions', async () => {
    const { text } = await askedWords(await questionFiles());
    // On a mismatch: npm run train:asked, then npm run build and npm run train:reorder.
    expect(await readFile(ASKED_WORDS_FILE, 'utf8')).toBe(text);
  });
});

describe('answerableWords', () => {
  it('is what src/search/answerable-words.json holds, learned from the tuning sets and never the frozen negatives', async () => {
    const negatives = await negativeFiles();
    expect(negatives.length).toBeGreaterThan(5);
    expect(negatives.filter((f) => /blind|search-negative\.jsonl$/.test(f))).toEqual([]);
    const { text } = await answerableWords(await questionFiles(), negatives);
    expect(await readFile(ANSWERABLE_WORDS_FILE, 'utf8')).toBe(text);
  });
});

describe('askedField', () => {
  const ops = [
    { api: 'gw', operationId: 'list-route' },
    { api: 'gw', operationId: 'create-route' },
    { api: 'gw', operationId: 'delete-route' },
  ];

  it('repeats each word as many times as questions used it, keyed as the index keys operations', () => {
    const field = askedField({ operations: { 'gw:list-route': { paths: 2, show: 1 } } }, ops, key);
    expect([...field]).toEqual([['gw#list-route', 'paths paths show']]);
  });

  it('drops what no question could have given: counts that are not positive whole numbers, words that are not words', () => {
    const hostile = JSON.parse(
      '{"operations": {"gw:list-route": {"fine": 1, "x": 2, "zero": 0, "half": 0.5, "many": "3", "<script>": 1, "__proto__": 1},' +
        ' "gw:create-route": [1, 2], "gw:delete-route": {"huge": 1e12}, "__proto__": {"polluted": 1}}}',
    );
    const field = askedField(hostile, ops, key);
    expect(field.get('gw#list-route')).toBe('fine');
    expect(field.has('gw#create-route')).toBe(false);
    expect(field.get('gw#delete-route')?.split(' ').length).toBe(1000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(askedField(null, ops, key).size).toBe(0);
  });
});
