import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/run-bin.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/traces/${name}`, import.meta.url));

describe('konnect-mcp trace <file>', () => {
  it('prints where the time went, in text', async () => {
    const res = await runBin(['trace', fixture('slow-plugin-redis.json')]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Bottleneck: Redis I/O (eval) by the rate-limiting-advanced plugin (access phase) with 10.0.5.20:6379, 120 ms (66.1%)');
    expect(res.stderr).toBe('');
  });

  it('exits 2 with the reason for a file it does not read', async () => {
    const res = await runBin(['trace', fileURLToPath(new URL('../../README.md', import.meta.url))]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/is not a \.json or \.zip file/);
    expect(res.stdout).toBe('');
  });
});
