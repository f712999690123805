import { describe, expect, it } from 'vitest';
import { isTroubleshootingPage, queryIntent } from '../../src/docs/intent.js';

describe('queryIntent', () => {
  it('reads an HTTP status as a problem and adds the words for it', () => {
    expect(queryIntent('401 unauthorized Konnect API token')).toMatchObject({ troubleshooting: true, statusWords: 'unauthorized authentication' });
  });

  it('keeps quoted error text as a lowercased phrase, and single quoted words as words', () => {
    expect(queryIntent('kong says "No Route matched with those values" and `proxy`').phrases).toEqual(['no route matched with those values']);
  });

  it('sees no problem in a plain how-to', () => {
    expect(queryIntent('rate limit consumers by tier')).toEqual({ troubleshooting: false, phrases: [], statusWords: '' });
  });

  it('handles a long unterminated quote without slowing down', () => {
    expect(queryIntent(`"${'a '.repeat(50_000)}`).phrases).toEqual([]);
  });
});

describe('isTroubleshootingPage', () => {
  it('knows error references, support articles and troubleshooting guides', () => {
    expect(isTroubleshootingPage('https://developer.konghq.com/api/errors/', 'Konnect API Errors')).toBe(true);
    expect(isTroubleshootingPage('https://developer.konghq.com/support/x/', 'Why')).toBe(true);
    expect(isTroubleshootingPage('https://developer.konghq.com/gateway/entities/route/', 'Routes')).toBe(false);
  });
});
