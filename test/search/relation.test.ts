import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '../../src/search/query.js';
import { relationFactor, relationShapes, RELATION } from '../../src/search/relation.js';
import { buildIndex, searchOperations } from '../../src/search/index.js';
import { bundledVocabulary, compileVocabulary, type VocabularyData } from '../../src/search/vocabulary.js';
import { operationKey, type HttpMethod, type Operation } from '../../src/catalog/types.js';
import { operation } from '../helpers/operations.js';

// A tiny vocabulary, so the reading is pinned rather than the bundled word lists.
const tiny = compileVocabulary({
  stopWords: ['a', 'the', 'of', 'in', 'on', 'for', 'is', 'are', 'does', 'have', 'this', 'i', 'can'],
  determiners: ['a', 'the', 'this'],
  contextWords: ['in', 'of', 'on', 'for'],
  particles: [],
  weights: {},
  aliases: [
    { words: ['apps'], means: 'application' },
    { words: ['who is on'], or: ['user', 'developer'] },
  ],
  intents: [{ name: 'list', words: ['which', 'what', 'who'], methods: { GET: 1 }, shape: 'collection', wordWeight: 0 }],
  analytics: { apis: [], means: '', strong: [], weak: [] },
  apiKeywords: {},
} satisfies VocabularyData);

const relationOf = (query: string) => analyzeQuery(query, tiny).relation;

describe('readRelation', () => {
  it('reads a bare name after the verb as the instance the asked-for things hang off', () => {
    expect(relationOf('which teams is bob in?')).toEqual({ target: ['team'], owner: ['bob'] });
    expect(relationOf('which consumer groups is partner-x a member of?')).toEqual({ target: ['group'], owner: ['partner', 'x'] });
  });

  it('keeps the type word with the name, and leaves out the question\'s own verb', () => {
    expect(relationOf('what roles does the platform team have?')?.owner).toEqual(['platform', 'team']);
    expect(relationOf('which features can customer acme access?')?.owner).toEqual(['customer', 'acme']);
    expect(relationOf('which portals is the weather api published on?')?.owner).toEqual(['weather', 'api']);
  });

  it('takes the instance after the preposition when a participle or "of" follows the verb', () => {
    expect(relationOf('which apps are registered for this API')).toEqual({ target: ['app', 'application'], owner: ['api'] });
    expect(relationOf('which CPs are members of the prod group?')?.owner).toEqual(['prod', 'group']);
  });

  it('ends the asked-for things at a verb the vocabulary does not list as a stop word ("were")', () => {
    expect(relationOf('which teams were bob in?')).toEqual({ target: ['team'], owner: ['bob'] });
  });

  it('reads "who is on" as the people the vocabulary lists', () => {
    expect(relationOf('who is on the platform team?')).toEqual({ target: ['user', 'developer'], owner: ['platform', 'team'] });
  });

  it('reads nothing in requests, questions about the user, or questions without an instance', () => {
    expect(relationOf('list the teams of a user')).toBeUndefined();
    expect(relationOf('what roles can i give')).toBeUndefined();
    expect(relationOf('which teams')).toBeUndefined();
  });
});

const op = (api: string, method: HttpMethod, path: string, operationId: string, summary: string): Operation =>
  operation({ api, method, path, operationId, summary, description: summary });

const CP = '/control-planes/{controlPlaneId}/core-entities';
const OPS: Operation[] = [
  op('identity', 'GET', '/teams', 'list-teams', 'List Teams'),
  op('identity', 'GET', '/users', 'list-users', 'List Users'),
  op('identity', 'GET', '/users/{userId}/teams', 'list-user-teams', 'List User Teams'),
  op('identity', 'GET', '/teams/{teamId}/assigned-roles', 'list-team-roles', 'List Team Roles'),
  op('portals', 'GET', '/portals/{portalId}/teams', 'list-portal-teams', 'List Portal Teams'),
  op('portals', 'GET', '/portals/{portalId}/teams/{teamId}/assigned-roles', 'list-portal-team-roles', 'List Portal Team Roles'),
  op('gateway', 'GET', `${CP}/consumers`, 'list-consumer', 'List all Consumers'),
  op('gateway', 'GET', `${CP}/consumer_groups`, 'list-consumer_group', 'List all Consumer Groups'),
  op('gateway', 'GET', `${CP}/consumer_groups/{ConsumerGroupId}/consumers`, 'list-consumers-for-consumer-group', 'List all Consumers in a Consumer Group'),
  op('gateway', 'GET', `${CP}/consumers/{ConsumerId}/consumer_groups`, 'list-consumer-groups-for-consumer', 'List all Consumer Groups a Consumer belongs to'),
];
const byKey = new Map(OPS.map((o) => [operationKey(o), o]));
const named = (id: string): Operation => OPS.find((o) => o.operationId === id)!;

describe('relationFactor', () => {
  const shapes = relationShapes(byKey);
  const factor = (query: string, id: string): number => relationFactor(named(id), analyzeQuery(query, tiny), shapes);

  it('favours a relation to a collection the API also lists on its own when the instance is a bare name', () => {
    expect(factor('which teams is bob in?', 'list-user-teams')).toBe(RELATION.nested);
    // A portal's teams exist only in a portal: the portal is a scope, not the instance asked about.
    expect(factor('which teams is bob in?', 'list-portal-teams')).toBe(1);
    expect(factor('which teams is bob in?', 'list-teams')).toBe(1);
  });

  it('favours the collection under the named type, less when it leaves another id unfilled', () => {
    expect(factor('what roles does the platform team have?', 'list-team-roles')).toBe(RELATION.nested);
    expect(factor('what roles does the platform team have?', 'list-portal-team-roles')).toBeCloseTo(RELATION.nested * RELATION.unfilledId);
  });

  it('reads a name that typo correction turned into a catalog word as a name, and a misspelt type as the type', () => {
    const alice = analyzeQuery('which teams is alice in?', tiny, (w) => (w === 'alice' ? 'alive' : undefined));
    expect(relationFactor(named('list-user-teams'), alice, shapes)).toBe(RELATION.nested);
    const uesr = analyzeQuery('which teams is this uesr in?', tiny, (w) => (w === 'uesr' ? 'user' : undefined));
    expect(uesr.relation?.owner).toEqual(['user']);
    expect(relationFactor(named('list-user-teams'), uesr, shapes)).toBe(RELATION.nested);
  });

  it('leaves the inverse relation and queries without a relation alone', () => {
    expect(factor('which consumer groups is partner-x a member of?', 'list-consumers-for-consumer-group')).toBe(1);
    expect(factor('list user teams', 'list-user-teams')).toBe(1);
  });
});

describe('searchOperations on relation questions', () => {
  const vocab = bundledVocabulary();
  const index = buildIndex(OPS, (key) => key.split('@')[0]!, { vocab });
  const first = (query: string): string | undefined => searchOperations(index, byKey, query, { limit: 3 }).hits[0]?.op.operationId;

  it('ranks the relation under the named instance first', () => {
    expect(first('which consumer groups is partner-x a member of?')).toBe('list-consumer-groups-for-consumer');
    expect(first('what roles does the platform team have?')).toBe('list-team-roles');
  });
});
