import { describe, expect, it } from 'vitest';
import { analyzeQuery, type AnalyzedQuery } from '../../src/search/query.js';
import { stem } from '../../src/text/stem.js';
import { bundledVocabulary, compileVocabulary, repeatedAliasPhrases, type VocabularyData } from '../../src/search/vocabulary.js';
import vocabularyData from '../../src/search/vocabulary.json' with { type: 'json' };

const weightOf = (q: AnalyzedQuery, term: string): number => q.terms.find((t) => t.term === term)?.weight ?? 0;

describe('compileVocabulary', () => {
  it('stems phrases, keeps the first intent of a word and skips $comment entries', () => {
    const v = compileVocabulary({
      stopWords: ['the'],
      weights: { $comment: 'ignored', routes: 0.5 },
      aliases: [{ words: ['Runtime Groups'], means: 'control plane' }],
      intents: [
        { name: 'list', words: ['show'], methods: { GET: 1 }, wordWeight: 0 },
        { name: 'get', words: ['show'], methods: { GET: 1 }, wordWeight: 0 },
      ],
      analytics: { apis: ['metrics'], means: 'analytics', strong: ['5xx'], weak: [] },
      apiKeywords: {},
      apiScopes: { $comment: ['ignored'], mesh: { names: ['meshes'], words: [] } },
    });
    expect(v.phrases.get('runtim group')?.means.map((m) => m.term)).toEqual(['control', 'plane']);
    expect(v.phrases.get('show')?.intent?.name).toBe('list');
    expect(v.weights.get(stem('routes'))).toBe(0.5);
    expect(v.weights.has('$comment')).toBe(false);
    expect([...v.scopes.keys()]).toEqual(['mesh']);
    expect(v.words.has('control')).toBe(true);
  });
});

describe('compileVocabulary stop words', () => {
  it('splits a stop word with an apostrophe as a query is split', () => {
    const v = compileVocabulary({ stopWords: ["it's"], weights: {}, aliases: [], intents: [], analytics: { apis: [], means: '', strong: [], weak: [] }, apiKeywords: {} });
    expect(analyzeQuery("it's route", v).terms.map((t) => t.term)).toEqual([stem('route')]);
  });
});

describe('bundled vocabulary', () => {
  const vocab = bundledVocabulary();

  it('lists a phrase under two aliases only where it names two things', () => {
    // API Consumer is also a portal role; Azure AD both a DCR provider and an SSO identity provider; instance types
    // are a data plane group's configuration and what is available; the busiest are traffic and an aggregate.
    const deliberate = ['api consumer', 'azure ad', 'instance types', 'busiest'];
    expect(repeatedAliasPhrases(vocabularyData as VocabularyData).sort()).toEqual(deliberate.sort());
  });

  it('covers the Konnect names the issue lists', () => {
    const means = (query: string, term: string): boolean => weightOf(analyzeQuery(query, vocab), term) > 0;
    expect(means('runtime groups', 'control')).toBe(true);
    expect(means('gateway service', 'servic')).toBe(true);
    expect(means('api key', 'auth')).toBe(true);
    expect(means('DP', stem('dataplane'))).toBe(true);
    expect(means('CP', 'plane')).toBe(true);
    expect(means('org', 'organization')).toBe(true);
    expect(means('PAT', 'personal')).toBe(true);
    expect(means('SPAT', 'system')).toBe(true);
    expect(means('bot', 'account')).toBe(true);
    expect(means('dev portal', 'portal')).toBe(true);
  });

  it('reads a typed form before a stemmed one where phrases that stem alike mean different things', () => {
    const alternatives = (query: string): string[] => analyzeQuery(query, vocab).terms.filter((t) => !t.original).map((t) => t.term);
    expect(alternatives('set the ttl')).not.toContain('config');
    expect(alternatives('show the portal settings')).toContain('config');
    expect(alternatives('enable request logging')).toContain('access');
    expect(alternatives('enable request logging')).not.toContain('queri');
    expect(alternatives('show the request logs')).not.toContain('access');
    // "associated" is a stop word, not the link verb "associate" it stems like.
    expect(alternatives('consumers associated with a group')).not.toContain('membership');
    expect(alternatives('associate the consumer with a group')).toContain('membership');
  });

  it('maps verbs to intents', () => {
    const intent = (query: string): string | undefined => analyzeQuery(query, vocab).intent?.name;
    expect(intent('which routes exist')).toBe('list');
    expect(intent('details of a route')).toBe('get');
    expect(intent('issue a new token')).toBe('create');
    expect(intent('rename a team')).toBe('update');
    expect(intent('tear down control plane')).toBe('delete');
    expect(intent('revoke a token')).toBe('delete');
  });

  it('routes traffic, error and latency questions to analytics', () => {
    expect(analyzeQuery('how many 5xx errors in the last hour', vocab).analytics).toBe(1);
    expect(analyzeQuery('p99 latency per route', vocab).analytics).toBe(1);
    expect(analyzeQuery('create a route', vocab).analytics).toBe(0);
  });

  it('reads a question about the fields something takes as one about its schema', () => {
    expect(weightOf(analyzeQuery('what fields does the rate-limiting plugin accept?', vocab), stem('schema'))).toBeGreaterThan(0);
    expect(weightOf(analyzeQuery('change the fields of a route', vocab), stem('schema'))).toBe(0);
  });
});
