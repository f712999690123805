import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, spawnServer } from './helpers/mcp-client.js';

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', input: '' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('konnect-mcp flags', () => {
  it('prints the version and help', () => {
    expect(run(['--version'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    const help = run(['--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--token', '--region', '--base-url', '--read-only', '--timeout', '--spec', '--all-versions']) expect(help.stdout).toContain(flag);
  });

  it.each([
    [['--region', 'mars'], /unknown region "mars"/],
    [['--base-url', 'not-a-url'], /--base-url must be an absolute/],
    [['--timeout', 'soon'], /timeout must be a positive whole number/],
  ])('rejects %j with one clear line and exit code 2', (args, message) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\s+at /);
  });

  it('rejects a bad env value the same way', () => {
    const r = run([], { KONNECT_REGION: 'xx' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown region "xx"/);
  });

  it('warns on stderr about a token without kpat_/spat_ and never prints it', async () => {
    const mcp = await spawnServer({ KONNECT_ACCESS_TOKEN: 'legacy-secret-value-123' });
    try {
      await mcp.client.listTools();
      expect(mcp.stderr()).toMatch(/does not start with kpat_/);
      expect(mcp.stderr()).not.toContain('legacy-secret-value-123');
    } finally {
      await mcp.close();
    }
  });

  it('loads --spec files at startup and exits 2 when one cannot be read', async () => {
    const bad = run(['--spec', '/nonexistent.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot read spec/);
    const fixture = new URL('./fixtures/tiny.yaml', import.meta.url).pathname;
    const mcp = await spawnServer({}, ['--spec', fixture]);
    try {
      const res = await mcp.client.callTool({ name: 'search', arguments: { query: 'list widgets', api: 'tiny' } });
      expect((res.structuredContent as { results: { operationId: string }[] }).results[0]?.operationId).toBe('list-widgets');
    } finally {
      await mcp.close();
    }
  });
});
