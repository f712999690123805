// The package as users get it: `npm pack`, installed into an empty folder with an empty npm cache and no ../shared,
// then run there: the CLI, a dry-run call and an MCP tools/list. Dependencies come from the npm registry; when it
// cannot be reached the test skips with the reason, except under `npm run release:check`, where it fails.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, describe, expect, it } from 'vitest';
import { runProcess } from './helpers/run-bin.js';

const exec = promisify(execFile);
const REPO = fileURLToPath(new URL('..', import.meta.url));
const TOKEN = 'kpat_packTestSecret0123456789';

interface PackInfo {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

/** Bytes under a folder, as `du` counts them (apparent size). */
async function folderBytes(dir: string): Promise<number> {
  const { stdout } = await exec('du', ['-sb', dir]);
  return Number(stdout.split('\t')[0]);
}

describe('the npm package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'konnect-mcp-pack-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ships only what runs, installs into an empty folder and works there', { timeout: 400_000 }, async (ctx) => {
    const repoManifest = readFileSync(join(REPO, 'package.json'), 'utf8');
    const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', dir, '--cache', join(dir, 'pack-cache'), '--loglevel=error'], { cwd: REPO, timeout: 120_000 });
    const [info] = JSON.parse(stdout) as [PackInfo];
    // postpack put the working manifest back.
    expect(readFileSync(join(REPO, 'package.json'), 'utf8')).toBe(repoManifest);

    const paths = info.files.map((f) => f.path);
    const outside = paths.filter((p) => !p.startsWith('dist/') && !p.startsWith('bin/'));
    expect(outside.sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']);
    expect(paths.filter((p) => /\.ya?ml$|^specs\/|^scripts\/|^src\/|^test\//.test(p))).toEqual([]);
    const tarball = join(dir, info.filename);
    const { stdout: packed } = await exec('tar', ['-xzOf', tarball, 'package/package.json']);
    const manifest = JSON.parse(packed) as { scripts?: unknown; version: string };
    expect(manifest.scripts).toBeUndefined();

    const app = join(dir, 'app');
    try {
      await exec('npm', ['install', '--prefix', app, '--cache', join(dir, 'install-cache'), '--no-audit', '--no-fund', '--loglevel=error', tarball], { timeout: 300_000, cwd: dir });
    } catch (err) {
      const detail = ((err as { stderr?: string }).stderr ?? String(err)).split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 2).join(' ');
      if (process.env.KONNECT_MCP_RELEASE) throw new Error(`npm install of the tarball failed: ${detail}`);
      ctx.skip(`could not install the tarball's dependencies from the npm registry: ${detail}`);
    }
    const pkgDir = join(app, 'node_modules', 'konnect-mcp');
    const bin = join(pkgDir, 'bin', 'konnect-mcp.js');
    console.log(`konnect-mcp ${manifest.version}: packed ${info.size} bytes, unpacked ${info.unpackedSize} bytes, installed with dependencies ${await folderBytes(join(app, 'node_modules'))} bytes`);

    const run = (args: string[], env: Record<string, string> = {}) => runProcess(process.execPath, [bin, ...args], { PATH: process.env.PATH ?? '', ...env }, app);
    const version = await run(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: `${manifest.version}\n` });

    const search = await run(['search', 'list', 'routes', '--limit', '3']);
    expect(search.code, search.stderr).toBe(0);
    expect(search.stdout).toMatch(/list-route +control-planes-config/);

    const schema = await run(['schema', 'create-consumer', '--api', 'control-planes-config', '--part', 'parameters']);
    expect(schema.code, schema.stderr).toBe(0);
    expect((JSON.parse(schema.stdout) as { value: { path: { name: string }[] } }).value.path.map((p) => p.name)).toEqual(['controlPlaneId']);

    const dry = await run(['call', 'create-consumer', '--api', 'control-planes-config', '--path', 'controlPlaneId=9f1d2c3b-4a5e-4f60-8a7b-1c2d3e4f5a6b', '--body', '{"username":"alice"}', '--dry-run'], { KONNECT_TOKEN: TOKEN });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, method: 'POST', url: 'https://us.api.konghq.com/v2/control-planes/9f1d2c3b-4a5e-4f60-8a7b-1c2d3e4f5a6b/core-entities/consumers' });
    expect(dry.stdout + dry.stderr).not.toContain(TOKEN);

    const client = new Client({ name: 'pack-test', version: '0.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [bin], cwd: app, env: { PATH: process.env.PATH ?? '' }, stderr: 'pipe' }));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['search', 'get_schema', 'execute', 'search_docs']));
    } finally {
      await client.close();
    }
  });
});
