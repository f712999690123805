import { describe, expect, it } from 'vitest';
import { readLiterals, takesLiteral } from '../../src/search/literals.js';

describe('readLiterals', () => {
  it('reads URLs, emails, CIDRs, IPs with or without a port and host names by kind, and leaves them out of the words', () => {
    const read = readLiterals('expose https://orders.internal:8443, invite alice@acme.com; block 203.0.113.0/24 and 10.0.0.6:8000 on api.acme.com?');
    expect([...read.kinds].sort()).toEqual(['cidr', 'email', 'host', 'ip', 'url']);
    expect(read.rest).toBe('expose , invite ; block  and  on ?');
  });

  it('does not read names with dots, versions or file names as host names', () => {
    expect(readLiterals('rename consumer jdoe to john.doe with kong 3.9.1 from config.yaml').kinds.size).toBe(0);
  });

  it('keeps a possessive and a question mark with the sentence', () => {
    expect(readLiterals("approve jane@partner.com's signup").rest).toBe("approve 's signup");
  });

  it('reads a long hostile token in linear time and skips it', () => {
    const hostile = `${'a.'.repeat(50_000)}!`;
    expect(readLiterals(`${hostile} x@${'-'.repeat(50_000)}`).kinds.size).toBe(0);
  });
});

describe('takesLiteral', () => {
  it('matches an operation taking the kind or a close one: a CIDR fits a field of IPs, a URL one of hosts', () => {
    expect(takesLiteral(['ip'], new Set(['cidr']))).toBe(true);
    expect(takesLiteral(['host'], new Set(['url']))).toBe(true);
    expect(takesLiteral(['email'], new Set(['host']))).toBe(false);
    expect(takesLiteral(undefined, new Set(['host']))).toBe(false);
  });
});
