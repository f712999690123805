import { describe, expect, it } from 'vitest';
import { boundedDistance, contractionTails, joinedWords, pathWords, resourceWords, splitTokens, splitWords, lowercaseWords, tokenizeForIndex } from '../../src/text/words.js';

describe('splitWords', () => {
  it('splits kebab, snake and camelCase, keeping acronyms together', () => {
    expect(splitWords('delete-nodes-node_id')).toBe('delete nodes node id');
    expect(splitWords('getMeshHTTPRouteList')).toBe('get Mesh HTTP Route List');
    expect(splitWords('ca_certificates')).toBe('ca certificates');
  });

  it('turns a path into its literal segments, without {params}', () => {
    expect(pathWords('/control-planes/{controlPlaneId}/core-entities/key-auths/{KeyAuthId}')).toBe('control planes core entities key auths');
  });
});

describe('lowercaseWords', () => {
  it('lowercases and keeps tokens such as 5xx, p99 and oauth2 whole', () => {
    expect(lowercaseWords('Top 5xx p99 key-auth username/password OAuth2')).toEqual(['top', '5xx', 'p99', 'key', 'auth', 'username', 'password', 'oauth2']);
  });

  it('splits on anything but letters and digits, keeping case and non-ASCII letters', () => {
    expect(splitTokens('config.cache_ttl (X-Cache-Status) café')).toEqual(['config', 'cache', 'ttl', 'X', 'Cache', 'Status', 'café']);
  });

  it('indexes a camelCase word both whole and in parts', () => {
    expect(tokenizeForIndex('Creates MeshRetry')).toEqual(['creates', 'meshretry', 'mesh', 'retry']);
  });
});

describe('contractionTails', () => {
  it("marks the tail of i'd, we'll, i've, i'm and you're, with either apostrophe, and no other word", () => {
    expect(contractionTails("I'd like what we’ll need, d-1 and re-send")).toEqual([false, true, false, false, false, true, false, false, false, false, false, false]);
    expect(contractionTails("i've i'm you're it's")).toEqual([false, true, false, true, false, true, false, false]);
  });
});

describe('joinedWords', () => {
  it('marks, per word of lowercaseWords, those a hyphen, dot or underscore joins to another word', () => {
    const text = 'Delete legacy-users from billing.internal, then my_app - done.';
    expect(lowercaseWords(text)).toEqual(['delete', 'legacy', 'users', 'from', 'billing', 'internal', 'then', 'my', 'app', 'done']);
    expect(joinedWords(text)).toEqual([false, true, true, false, true, true, false, true, true, false]);
  });
});

describe('boundedDistance', () => {
  it('counts a swap of neighbours as one edit and gives up beyond the bound', () => {
    expect(boundedDistance('chekcs', 'checks', 2)).toBe(1);
    expect(boundedDistance('certficate', 'certificate', 2)).toBe(1);
    expect(boundedDistance('route', 'consumer', 2)).toBe(3);
  });
});

describe('resourceWords', () => {
  it('names what the operation acts on', () => {
    expect(resourceWords('/control-planes/{controlPlaneId}/core-entities/consumers/{ConsumerId}/key-auth/{KeyAuthId}')).toBe('key auth');
    expect(resourceWords('/mesh/control-planes/{cpId}/api/meshes/{mesh}/dataplanes/{name}/_config')).toBe('dataplanes');
  });
});
