import { describe, expect, it } from 'vitest';
import { answerability, confidenceOf, foreignLead, matchShare, readAnswerableWords } from '../../src/search/confidence.js';
import { buildIndex, loadIndex } from '../../src/search/index.js';
import { analyzeQuery } from '../../src/search/query.js';
import { bundledVocabulary, compileVocabulary } from '../../src/search/vocabulary.js';
import type { HttpMethod, Operation } from '../../src/catalog/types.js';
import { operation } from '../helpers/operations.js';

const op = (method: HttpMethod, path: string, operationId: string, summary: string, description = ''): Operation =>
  operation({ api: 'control-planes-config', apiKey: 'control-planes-config@v2', method, path, operationId, summary, description });

const OPS = [
  op('GET', '/control-planes/{controlPlaneId}/nodes', 'list-dataplane-nodes', 'List Data Plane Node Records', 'Restart-free: a node reports itself.'),
  op('DELETE', '/control-planes/{controlPlaneId}/nodes/{nodeId}', 'delete-nodes-node_id', 'Delete Data Plane Node Record'),
  op('POST', '/control-planes', 'create-control-plane', 'Create Control Plane'),
];
const vocab = bundledVocabulary();
const index = buildIndex(OPS, () => 'Control Planes');
const named = index.named;
// What the data plane node operations matched: their own fields have these words, the docs evidence has "restart".
const NODE_MATCH = { data: ['summary', 'path'], plane: ['summary', 'path'], node: ['summary', 'path'], restart: ['docs'] };
const foreign = (query: string, match: Record<string, string[]> = NODE_MATCH, correct?: (w: string) => string | undefined): boolean =>
  foreignLead(analyzeQuery(query, vocab, correct), vocab, named, match);

describe('the words operations are named by', () => {
  it('are the stemmed words of summaries, operationIds and paths, not of descriptions', () => {
    expect(named.has('record')).toBe(true);
    expect(named.has('dataplan')).toBe(true);
    expect(index.terms.has('restart')).toBe(true);
    expect(named.has('restart')).toBe(false);
  });

  it('are the same in the prebuilt index as when built', () => {
    expect([...loadIndex(JSON.parse(JSON.stringify(index))).named].sort()).toEqual([...named].sort());
  });
});

describe('foreignLead', () => {
  it('flags a request whose verb no operation names, though its other words are Konnect’s', () => {
    expect(foreign('restart a data plane node')).toBe(true);
    expect(foreign('please restart the data plane node')).toBe(true);
  });

  it('finds the verb past a preamble, and reads a query of nouns by its first word', () => {
    expect(foreign('is it possible to restart a data plane node')).toBe(true);
    expect(foreign('hey, quickly restart a data plane node')).toBe(true);
    expect(foreign('hey, could you delete a data plane node')).toBe(false);
    expect(foreign("i'd like to list data plane nodes")).toBe(false);
    expect(foreign('hey, data plane nodes')).toBe(false);
  });

  it('leaves plain verbs that map to a method, and verbs an operation names', () => {
    expect(foreign('delete a data plane node')).toBe(false);
    expect(foreign('list data plane nodes')).toBe(false);
    expect(foreign('create a control plane', { control: ['summary'], plane: ['summary'] })).toBe(false);
  });

  it('flags a specific verb the vocabulary knows ("clone") when the best hit does not say it', () => {
    expect(foreign('clone a control plane', { control: ['summary'], plane: ['summary'] })).toBe(true);
    expect(foreign('clone a control plane', { control: ['summary'], plane: ['summary'], clone: ['description'] })).toBe(false);
  });

  it('counts a lead word the docs evidence has, but no field of the operation, as foreign', () => {
    expect(foreign('restart a data plane node', { ...NODE_MATCH, restart: ['docs'] })).toBe(true);
    expect(foreign('restart a data plane node', { ...NODE_MATCH, restart: ['description'] })).toBe(false);
  });

  it('counts a lead word only an allowed value of the operation has as foreign, like docs evidence', () => {
    expect(foreign('restart a data plane node', { ...NODE_MATCH, restart: ['values'] })).toBe(true);
  });

  it('reads a word taken for a typo of a known one as it was typed', () => {
    const drawn = (w: string): string | undefined => (w === 'drain' ? 'drawn' : undefined);
    expect(foreign('drain a data plane node', NODE_MATCH, drawn)).toBe(true);
  });

  it('reads the lead word as typed where forms that stem alike mean different things ("clones" is not "clone")', () => {
    const v = compileVocabulary({
      stopWords: ['a', 'of'],
      weights: {},
      aliases: [{ words: ['clones'], means: 'replica' }],
      intents: [{ name: 'create', words: ['clone'], methods: { POST: 1 }, wordWeight: 1 }],
      analytics: { apis: [], means: '', strong: [], weak: [] },
      apiKeywords: {},
    });
    const match = { control: ['summary'], plane: ['summary'] };
    expect(foreignLead(analyzeQuery('clone a control plane', v), v, named, match)).toBe(true);
    expect(foreignLead(analyzeQuery('clones of a control plane', v), v, named, match)).toBe(false);
  });

  it('has nothing to say about a query of stop words only', () => {
    expect(foreign('how do I')).toBe(false);
  });
});

describe('confidenceOf', () => {
  it('lowers the fit of a hit when the lead word is foreign', () => {
    const share = { own: 0.5, withDocs: 0.5 };
    expect(confidenceOf(100, share)).toBe('medium');
    expect(confidenceOf(100, share, true)).toBe('low');
    expect(confidenceOf(100, { own: 1, withDocs: 1 }, true)).toBe('high');
  });

  it('lowers the fit of words that questions the API cannot answer use, and raises it for ones answerable questions use', () => {
    const share = { own: 0.5, withDocs: 0.5 };
    expect(confidenceOf(100, share, false, -2)).toBe('low');
    expect(confidenceOf(100, share, false, 2)).toBe('high');
  });
});

describe('answerability', () => {
  const table = readAnswerableWords({ unseen: -2, words: { restart: -3, register: 2, service: 1 } });
  const stop = new Set(['the', 'a']);

  it('adds up each word once, as typed: known words by their log odds, unknown ones by the unseen value', () => {
    expect(answerability('register the service', stop, table)).toBe(3);
    expect(answerability('restart the service', stop, table)).toBe(-2);
    expect(answerability('Register REGISTER nginx', stop, table)).toBe(0);
    expect(answerability('a an', stop, table)).toBe(0);
  });

  it('leans the shipped table the way its questions do', () => {
    const v = bundledVocabulary();
    expect(answerability('restart the kong process on a data plane node', v.stop)).toBeLessThan(0);
    expect(answerability('register the payments backend as a gateway service', v.stop)).toBeGreaterThan(0);
  });

  it('reads a malformed table as no evidence either way', () => {
    for (const bad of [null, 'x', { unseen: 'x', words: [] }, { unseen: -2, words: {} }, { unseen: Infinity, words: { a: NaN } }]) {
      expect(answerability('restart anything at all', stop, readAnswerableWords(bad))).toBe(0);
    }
  });
});

describe('matchShare', () => {
  it('credits a word with a longer index term only when the word was searched as a prefix', () => {
    const q = analyzeQuery('restart node', vocab);
    // "restarting" was reached by the typed "restart"; "nodes" by no prefix search ("node" is too short for one).
    const share = matchShare(q, false, ['restart', 'node'], { restarting: ['summary'], nodes: ['summary'] });
    const weightOf = (t: string): number => q.parts.find((p) => p.terms.includes(t))?.weight ?? 0;
    expect(share.own).toBeCloseTo(weightOf('restart') / (weightOf('restart') + weightOf('node')));
  });
});
