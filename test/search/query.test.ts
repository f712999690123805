import { describe, expect, it } from 'vitest';
import { analyzeQuery, TERM_WEIGHTS, type AnalyzedQuery } from '../../src/search/query.js';
import type { VerbReading } from '../../src/search/verbs.js';
import { stem } from '../../src/text/stem.js';
import { bundledVocabulary, compileVocabulary, type VocabularyData } from '../../src/search/vocabulary.js';

const weightOf = (q: AnalyzedQuery, term: string): number => q.terms.find((t) => t.term === term)?.weight ?? 0;

// A tiny vocabulary, so these tests pin the mechanics rather than the bundled word lists.
const tiny = compileVocabulary({
  stopWords: ['a', 'the', 'of', 'in', 'my', 's', 'across'],
  contextWords: ['in', 'of', 'from', 'across'],
  particles: ['off'],
  weights: { konnect: 0.3 },
  aliases: [
    { words: ['dp', 'data plane'], means: 'data plane dataplane' },
    { words: ['api key'], means: 'key auth' },
    { words: ['credential'], or: ['key auth', 'jwt'] },
    { words: ['link'], or: ['implementation', 'link'] },
    { words: ['take off'], means: 'remove' },
    { words: ['developer portal'], means: 'portal' },
  ],
  intents: [
    { name: 'list', words: ['list', 'show'], methods: { GET: 1 }, shape: 'collection', wordWeight: 0 },
    { name: 'delete', words: ['delete', 'take off'], methods: { DELETE: 1 }, wordWeight: 0.2 },
    { name: 'get', words: ['get'], methods: { GET: 1 }, shape: 'item', wordWeight: 0 },
    { name: 'create', words: ['attach'], methods: { POST: 1 }, wordWeight: 0.2 },
    { name: 'create', words: ['new'], methods: { POST: 1 }, wordWeight: 0.2, hint: true },
  ],
  analytics: { apis: ['analytics-metrics'], means: 'analytics', strong: ['5xx', 'latency'], weak: ['last hour'] },
  apiKeywords: {},
  apiScopes: { 'event-gateway': { names: ['event gateway', 'kafka'], words: ['topic'] } },
} satisfies VocabularyData);

describe('analyzeQuery', () => {
  it('drops stop words and keeps the rest at full weight', () => {
    const q = analyzeQuery('the routes', tiny);
    expect(q.terms).toEqual([{ term: 'rout', weight: 1, original: true }]);
    expect(q.intent).toBeUndefined();
  });

  it('expands an abbreviation into the words it stands for', () => {
    const q = analyzeQuery('list DP', tiny);
    expect(q.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['data', 'plane', stem('dataplane')]));
    expect(weightOf(q, 'dp')).toBeLessThan(weightOf(q, stem('dataplane')));
  });

  it('maps a phrase to its Konnect name, which outweighs the words typed', () => {
    const q = analyzeQuery('api key', tiny);
    expect(weightOf(q, 'auth')).toBeGreaterThan(0);
    expect(weightOf(q, 'api')).toBeLessThan(weightOf(q, 'auth'));
  });

  it('adds alternatives only when the query does not already name one', () => {
    expect(weightOf(analyzeQuery('credential', tiny), 'jwt')).toBeGreaterThan(0);
    expect(weightOf(analyzeQuery('key auth credential', tiny), 'jwt')).toBe(0);
  });

  it('gives the words two phrases share to a longer one starting inside the first ("list [request size limiting]")', () => {
    const overlapping = compileVocabulary({
      stopWords: [],
      weights: {},
      aliases: [
        { words: ['list requests'], means: 'query' },
        { words: ['request size limiting'], means: 'plugin' },
      ],
      intents: [{ name: 'list', words: ['list'], methods: { GET: 1 }, shape: 'collection', wordWeight: 0 }],
      analytics: { apis: [], means: '', strong: [], weak: [] },
      apiKeywords: {},
    });
    const q = analyzeQuery('list request size limiting plugins', overlapping);
    expect(weightOf(q, 'plugin')).toBeGreaterThan(0);
    expect(weightOf(q, 'queri')).toBe(0);
    expect(q.intent?.name).toBe('list');
    expect(weightOf(analyzeQuery('list requests', overlapping), 'queri')).toBeGreaterThan(0);
  });

  it('does not count the general word as naming itself when it is one of its own alternatives', () => {
    expect(weightOf(analyzeQuery('link an api to a service', tiny), 'implementation')).toBeGreaterThan(0);
  });

  it("weighs each general word's alternatives on their own: naming a kind of credential leaves a link's alternatives", () => {
    const q = analyzeQuery('link the key auth credential', tiny);
    expect(weightOf(q, 'jwt')).toBe(0);
    expect(weightOf(q, 'implementation')).toBeGreaterThan(0);
    expect(weightOf(q, 'link')).toBeGreaterThan(weightOf(q, 'credential'));
  });

  it('reads the first verb as the intent and lets list verbs weigh nothing as words', () => {
    const q = analyzeQuery('show routes, then delete one', tiny);
    expect(q.intent?.name).toBe('list');
    expect(weightOf(q, 'show')).toBe(0);
  });

  it('understands a phrasal verb with words in between', () => {
    const q = analyzeQuery('take Alice off the team', tiny);
    expect(q.intent?.name).toBe('delete');
    expect(weightOf(q, stem('remove'))).toBeGreaterThan(0);
    expect(weightOf(q, stem('alice'))).toBeGreaterThan(0);
  });

  it('weighs words after a preposition less than the thing asked for', () => {
    const q = analyzeQuery('consumers in a control plane', tiny);
    expect(weightOf(q, 'consumer')).toBeGreaterThan(weightOf(q, 'control'));
  });

  it('weighs the head of a noun run above its modifiers', () => {
    const q = analyzeQuery('billing customers', tiny);
    expect(weightOf(q, 'customer')).toBeGreaterThan(weightOf(q, 'bill'));
  });

  it('splits the first thing asked for into its head and modifiers, the head with what it means', () => {
    const q = analyzeQuery('list developer applications in a portal', tiny);
    expect([...q.head.words]).toEqual([stem('applications')]);
    expect([...q.head.modifiers]).toEqual([stem('developer')]);
    expect([...analyzeQuery('show my api key', tiny).head.words]).toEqual([stem('key'), stem('auth')]);
  });

  it("reads an owner's 's as a modifier that keeps its weight: it names what the answer hangs off", () => {
    const q = analyzeQuery("list a customer's subscriptions", tiny);
    expect([...q.head.words]).toEqual([stem('subscriptions')]);
    expect([...q.head.modifiers]).toEqual([stem('customer')]);
    expect(weightOf(q, stem('customer'))).toBe(1);
    expect(q.plural).toBe(true);
    // An "s" before a verb is no possessive: "the team's list" is no list of teams.
    expect(analyzeQuery("the team's list", tiny).head.modifiers.size).toBe(0);
  });

  it('ends a noun run at a participle, which describes the noun before it', () => {
    const q = analyzeQuery('tokens issued across the org', tiny);
    expect([...q.head.words]).toEqual([stem('tokens')]);
    expect(weightOf(q, stem('tokens'))).toBe(1);
    expect(q.plural).toBe(true);
  });

  it('takes the last modifier as the head when the run ends on a word that names nothing', () => {
    expect([...analyzeQuery('billing customers new', tiny).head.words]).toEqual([stem('customers')]);
  });

  it('reads "called" and "named" as naming a thing, not as calls', () => {
    const vocab = bundledVocabulary();
    expect(analyzeQuery('add a new api called payments', vocab).analytics).toBe(0);
    expect(analyzeQuery('a route named calls', vocab).terms.some((t) => t.term === 'name')).toBe(false);
    expect(analyzeQuery('api calls to payments', vocab).analytics).toBeGreaterThan(0);
  });

  it('reads "give me" as asking to see what follows, not to create it', () => {
    const vocab = bundledVocabulary();
    expect(analyzeQuery('give me the details of team mobile', vocab).intent?.methods).toEqual({ GET: 1 });
    expect(analyzeQuery('give me every upstream in the staging control plane', vocab).intent?.methods).toEqual({ GET: 1 });
    expect(analyzeQuery('give the deployer role to the ci bot', vocab).intent?.name).toBe('create');
  });

  it('scores analytics signals and adds the analytics words', () => {
    expect(analyzeQuery('5xx latency', tiny).analytics).toBe(1);
    expect(analyzeQuery('routes changed in the last hour', tiny).analytics).toBeCloseTo(0.4);
    expect(analyzeQuery('list routes', tiny).analytics).toBe(0);
    expect(weightOf(analyzeQuery('5xx', tiny), 'analytic')).toBeGreaterThan(0);
  });

  it('reads no traffic in a name a hyphen joins ("consumer jane-analytics")', () => {
    const vocab = bundledVocabulary();
    expect(analyzeQuery('which acl groups is consumer jane-analytics in?', vocab).analytics).toBe(0);
    expect(analyzeQuery('show analytics for consumer jane', vocab).analytics).toBeGreaterThan(0);
  });

  it('reads a counting word as traffic only beside another traffic word: "how many control planes" counts things', () => {
    const vocab = bundledVocabulary();
    const counting = analyzeQuery('how many control planes do we have?', vocab);
    expect(counting.analytics).toBe(0);
    expect(counting.terms.some((t) => t.term === 'metric')).toBe(false);
    expect(analyzeQuery('how many requests hit the orders service yesterday?', vocab).analytics).toBeGreaterThan(0);
    expect(analyzeQuery('top 10 consumers by 5xx errors', vocab).analytics).toBeGreaterThan(0);
    expect(analyzeQuery('p99 of the orders service', vocab).analytics).toBeGreaterThan(0);
    expect(analyzeQuery('busiest routes', vocab).analytics).toBeGreaterThan(0);
  });

  it('weighs less what one word of a hyphen-joined name means ("legacy-payments" is a name, not Stripe)', () => {
    const vocab = bundledVocabulary();
    const named = weightOf(analyzeQuery('delete the service legacy-payments', vocab), 'strip');
    const plain = weightOf(analyzeQuery('delete the legacy payments', vocab), 'strip');
    expect(named).toBeGreaterThan(0);
    expect(named).toBeLessThan(plain);
    expect(weightOf(analyzeQuery('delete the service legacy-payments', vocab), 'payment')).toBeGreaterThan(0);
  });

  it('reads "stop" as framing the request, not as a typo of "step"', () => {
    const q = analyzeQuery('stop partner acme from calling us more than 10 times a second', bundledVocabulary(), (w) => (w === 'stop' ? 'step' : undefined));
    expect(q.terms.map((t) => t.term)).not.toContain('step');
  });

  it("searches no word for the tail of a contraction (\"i'd like\")", () => {
    const q = analyzeQuery("I'd like to see the routes we've got", bundledVocabulary());
    expect(q.terms.map((t) => t.term)).not.toContain('d');
    expect(q.terms.map((t) => t.term)).not.toContain('ve');
  });

  it('asks for request records when the query wants them one at a time, aggregate words nearby or not', () => {
    const vocab = bundledVocabulary();
    expect(analyzeQuery('show me the last 20 requests with status 500', vocab).records).toBe(true);
    expect(analyzeQuery('top 10 consumers by requests', vocab).records).toBe(false);
    expect(analyzeQuery('show me the 429s for consumer acme in the last hour, one by one', vocab).records).toBe(true);
    expect(analyzeQuery('pull the individual 500 responses on the /checkout route', vocab).records).toBe(true);
    expect(analyzeQuery('the actual calls that failed, not the totals, one record each', vocab).records).toBe(true);
    expect(analyzeQuery('request by trace id', vocab).records).toBe(true);
  });

  it('reads only base forms as verbs: participles, plurals and -ing forms describe', () => {
    expect(analyzeQuery('attach a plugin', tiny).intent?.name).toBe('create');
    expect(analyzeQuery('plugins attached to a route', tiny).intent).toBeUndefined();
    expect(analyzeQuery('a route that attaches plugins', tiny).intent).toBeUndefined();
    expect(analyzeQuery('attaching plugins', tiny).intent).toBeUndefined();
  });

  it('reads a word a hyphen joins to another as part of a name, not as the verb, unless a prefix makes it one', () => {
    expect(analyzeQuery('consumer bob-delete get', tiny).intent?.name).toBe('get');
    expect(analyzeQuery('attach-worker consumer', tiny).intent).toBeUndefined();
    expect(analyzeQuery('re-attach the plugin', tiny).intent?.name).toBe('create');
  });

  it('lets an adjective such as "new" hint at the method only when there is no verb', () => {
    expect(analyzeQuery('new route', tiny).intent?.name).toBe('create');
    expect(analyzeQuery('list new routes', tiny).intent?.name).toBe('list');
    // A question asks to see, whatever its adjectives.
    expect(analyzeQuery('any new routes?', tiny).intent).toBeUndefined();
  });

  it('notes whether the thing asked for is plural', () => {
    expect(analyzeQuery('get audit log destinations', tiny).plural).toBe(true);
    expect(analyzeQuery('get a route', tiny).plural).toBe(false);
    expect(analyzeQuery('get the status', tiny).plural).toBe(false);
  });

  it('reads the head a quantifier reaches as plural, however many nouns come between', () => {
    const vocab = bundledVocabulary();
    expect(analyzeQuery('how do I see every ACL group assignment in the control plane?', vocab).plural).toBe(true);
    expect(analyzeQuery('show every load balancer target', vocab).plural).toBe(true);
    expect(analyzeQuery('show the load balancer target', vocab).plural).toBe(false);
  });

  it('reads the number of a noun run that ends on a word naming nothing from the noun asked for', () => {
    const vocab = bundledVocabulary();
    expect(analyzeQuery('which routes exist', vocab).plural).toBe(true);
    expect(analyzeQuery('show which event gateways exist in the org', vocab).plural).toBe(true);
    expect(analyzeQuery('which route exists', vocab).plural).toBe(false);
  });

  it('reads a plural the stemmer keeps as plural when the vocabulary knows its singular', () => {
    expect(analyzeQuery('show apis', tiny).plural).toBe(true);
    expect(analyzeQuery('show redis', tiny).plural).toBe(false);
    expect(analyzeQuery('show the analysis', tiny).plural).toBe(false);
  });

  it('reads "every", "each" and "all" before a thing as asking for all of them', () => {
    expect(analyzeQuery('show me every plugin', tiny).plural).toBe(true);
    expect(analyzeQuery('get each route', tiny).plural).toBe(true);
    expect(analyzeQuery('get all the routes', tiny).plural).toBe(true);
    expect(analyzeQuery('get the plugin', tiny).plural).toBe(false);
  });

  it('separates what is asked for from where', () => {
    const q = analyzeQuery('get a key in a key set', tiny);
    expect(q.target.has('key')).toBe(true);
    expect(q.target.has('set')).toBe(false);
  });

  it('tells which product APIs the query names, uses words of, or ignores', () => {
    expect(analyzeQuery('list certificates', tiny).outOfScope.has('event-gateway')).toBe(true);
    expect(analyzeQuery('topic certificates', tiny).outOfScope.has('event-gateway')).toBe(false);
    expect(analyzeQuery('topic certificates', tiny).inScope.has('event-gateway')).toBe(false);
    expect(analyzeQuery('kafka certificates', tiny).inScope.has('event-gateway')).toBe(true);
  });

  it('fixes typos before applying the vocabulary', () => {
    const q = analyzeQuery('devloper portal', tiny, (w) => (w === 'devloper' ? 'developer' : undefined));
    expect(weightOf(q, 'developer')).toBeLessThan(weightOf(q, 'portal'));
    expect(weightOf(q, 'devloper')).toBe(0);
  });

  it('weighs what a word taken for a typo means less than what the same word typed right means', () => {
    const dp = (w: string): string | undefined => (w === 'dq' ? 'dp' : undefined);
    const fixed = analyzeQuery('dq nodes', tiny, dp);
    const right = analyzeQuery('dp nodes', tiny);
    expect(weightOf(fixed, 'dataplan')).toBeCloseTo(weightOf(right, 'dataplan') * TERM_WEIGHTS.typoMeaning);
  });

  it('applies the low weights of the vocabulary to words typed', () => {
    expect(weightOf(analyzeQuery('konnect teams', tiny), 'konnect')).toBeCloseTo(0.3 * 0.85);
  });

  describe('act: a request with no verb the vocabulary knows', () => {
    const verbs = new Map<string, VerbReading>([['keep', 'usually'], ['ban', 'also'], ['group', 'also']]);
    const verb = (w: string): VerbReading | undefined => verbs.get(w);
    const act = (query: string): boolean => analyzeQuery(query, tiny, undefined, verb).act;

    it('asks to act when it opens with a word that is mostly a verb, past a preamble', () => {
      expect(act('keep our db password in a vault')).toBe(true);
      expect(act('hey, keep the password in a vault')).toBe(true);
    });

    it('reads a word that may be a verb as one only when what verbs take follows', () => {
      expect(act('ban everyone who spams the portal')).toBe(true);
      expect(act('ban 3 developers')).toBe(true);
      expect(act('group consumers into tiers')).toBe(false);
    });

    it('reads a quantifier as typed ("every") after a word that may be a verb as its object', () => {
      expect(act('ban every developer')).toBe(true);
      expect(act('ban each developer')).toBe(true);
    });

    it('reads a particle after a word that may be a verb as typed ("private" as "public")', () => {
      const v = compileVocabulary({ stopWords: [], particles: ['private', 'public'], weights: {}, aliases: [], intents: [], analytics: { apis: [], means: '', strong: [], weak: [] }, apiKeywords: {} });
      expect(analyzeQuery('ban private apis', v, undefined, verb).act).toBe(true);
      expect(analyzeQuery('ban public apis', v, undefined, verb).act).toBe(true);
    });

    it('asks to act when it says what should be', () => {
      expect(act('members of the okta group should land in the platform team')).toBe(true);
    });

    it('reads a verb after "should", "must" or "needs to" as how something else should behave, not as the request', () => {
      for (const query of ['the gateway should attach a key', 'devices must always attach a key', 'every app needs to be able to attach a key']) {
        expect(analyzeQuery(query, tiny).intent, query).toBeUndefined();
        expect(act(query), query).toBe(true);
      }
      // The user's own "should" or "need to" is still the request.
      for (const query of ['i should attach a key', 'we need to attach a key', 'attach a key the gateway should use']) {
        expect(analyzeQuery(query, tiny).intent?.name, query).toBe('create');
      }
    });

    it('leaves noun phrases, questions and queries with a known verb to their own reading', () => {
      expect(act('zone ingress proxies')).toBe(false);
      expect(act('keep the routes?')).toBe(false);
      expect(act('which routes should I keep')).toBe(false);
      expect(act('show the routes I should keep')).toBe(false);
      expect(act('keep the routes')).toBe(true);
      expect(analyzeQuery('keep the routes', tiny).act).toBe(false);
    });
  });
});

describe('analyzeQuery: all, state and self', () => {
  it('keeps the head of what a quantifier makes all of its kind, past the nouns that modify it', () => {
    expect([...analyzeQuery('basic auth credentials across all consumers', tiny).quantified]).toEqual([stem('consumers')]);
    expect(analyzeQuery('remove bob from all his consumer groups', tiny).quantified.has(stem('groups'))).toBe(true);
    expect(analyzeQuery('remove bob from all his consumer groups', tiny).quantified.has(stem('consumer'))).toBe(false);
  });

  it('reads "everyone" as asking about all at once, and "each" as not', () => {
    expect(analyzeQuery('kick everyone out of the trial group', tiny).all).toBe(true);
    expect(analyzeQuery('set a cost for each field', tiny).all).toBe(false);
  });

  it('reads a yes/no question about a thing as asking for its state, but not one about a way to do something', () => {
    expect(analyzeQuery('is this event gateway node up?', tiny).state).toBe(true);
    expect(analyzeQuery('why is node eg-2 unhealthy?', tiny).state).toBe(true);
    expect(analyzeQuery('is there a way to see every plugin?', tiny).state).toBe(false);
    expect(analyzeQuery('list the nodes', tiny).state).toBe(false);
  });

  it('does not read a preamble word as the thing asked for', () => {
    const chatty = compileVocabulary({
      stopWords: ['is', 'there', 'a', 'to', 'every'],
      weights: {},
      aliases: [],
      intents: [{ name: 'list', words: ['see'], methods: { GET: 1 }, shape: 'collection', wordWeight: 0 }],
      analytics: { apis: [], means: '', strong: [], weak: [] },
      apiKeywords: {},
      apiScopes: {},
    });
    const q = analyzeQuery('is there a way to see every plugin', chatty);
    expect([...q.head.words]).toEqual([stem('plugin')]);
    expect(q.plural).toBe(true);
  });

  it('notices the user speaking of themselves', () => {
    expect(analyzeQuery('who am i logged in as?', tiny).self).toBe(true);
    expect(analyzeQuery('who is logged in?', tiny).self).toBe(false);
  });

  it('keeps the object of a verb phrase and gives it to a phrase reaching past it', () => {
    const v = compileVocabulary({
      stopWords: ['the'],
      determiners: ['the'],
      weights: {},
      aliases: [{ words: ['config hash'], means: 'expected hash' }],
      intents: [
        { name: 'show', words: ['show'], methods: { GET: 1 }, wordWeight: 0 },
        { name: 'get', words: ['show the config'], methods: { GET: 1 }, shape: 'item', wordWeight: 0 },
      ],
      analytics: { apis: [], means: '', strong: [], weak: [] },
      apiKeywords: {},
      apiScopes: {},
    });
    const whole = analyzeQuery('show the config', v);
    expect(whole.intent?.name).toBe('get');
    expect(weightOf(whole, 'config')).toBe(1);
    const hash = analyzeQuery('show config hash', v);
    expect(weightOf(hash, 'expect')).toBeGreaterThan(0);
    expect(hash.intent?.name).toBe('show');
  });
});
