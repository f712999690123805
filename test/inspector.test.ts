// End to end with a real third-party client: the MCP Inspector CLI reads the Claude Desktop snippet from
// `konnect-mcp config` (launching this checkout's bin with node instead of npx) and lists the tools and prompts.
// The inspector is installed from the npm registry at test time into a temporary folder; it needs Node >= 22.19,
// so the tests run on the Node 24 leg of CI and are skipped, with the reason, on older Node or when npm cannot install it.
// The second test points it at `konnect-mcp --http` with `--transport http`.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnHttp } from './helpers/http-instance.js';
import { BIN } from './helpers/mcp-client.js';
import { runBin, runProcess } from './helpers/run-bin.js';

const INSPECTOR = '@modelcontextprotocol/inspector@^2';
const MIN_NODE: [number, number] = [22, 19];

function nodeTooOld(): boolean {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1]);
}

/** Installs the Inspector once per file; skips the calling test with the reason when it cannot run here. */
let launcher: Promise<string> | undefined;
async function inspector(ctx: { skip: (note: string) => never }, dir: string): Promise<string> {
  if (nodeTooOld()) ctx.skip(`the MCP Inspector needs Node >= ${MIN_NODE.join('.')}; this is Node ${process.versions.node}`);
  launcher ??= (async () => {
    await promisify(execFile)('npm', ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', INSPECTOR], {
      timeout: 120_000,
      env: process.env,
    });
    const pkgDir = join(dir, 'node_modules', '@modelcontextprotocol', 'inspector');
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    return join(pkgDir, pkg.bin['mcp-inspector'] ?? '');
  })();
  try {
    return await launcher;
  } catch (err) {
    const lines = ((err as { stderr?: string }).stderr ?? String(err)).split('\n').map((l) => l.trim()).filter(Boolean);
    return ctx.skip(`could not install ${INSPECTOR} from the npm registry: ${lines.slice(0, 2).join(' ')}`);
  }
}

describe('MCP Inspector CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'konnect-mcp-inspector-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the five tools and the four prompts with the Claude Desktop snippet', { timeout: 150_000 }, async (ctx) => {
    const bin = await inspector(ctx, dir);

    const snippet = await runBin(['config', 'claude-desktop']);
    expect(snippet.code).toBe(0);
    const config = JSON.parse(snippet.stdout) as { mcpServers: { konnect: { command: string; args: string[]; env: Record<string, string> } } };
    expect(config.mcpServers.konnect).toMatchObject({ command: 'npx', args: ['-y', 'konnect-mcp'] });
    // Same entry, but this checkout instead of the published package.
    config.mcpServers.konnect.command = process.execPath;
    config.mcpServers.konnect.args = [BIN];
    const file = join(dir, 'claude_desktop_config.json');
    writeFileSync(file, JSON.stringify(config));

    const env = { PATH: process.env.PATH ?? '', HOME: dir, MCP_INSPECTOR_SECRET_STORE: 'memory' };
    const list = async (method: string): Promise<Record<string, { name: string }[]>> => {
      const res = await runProcess(process.execPath, [bin, '--cli', '--config', file, '--server', 'konnect', '--method', method], env);
      expect(res.code, res.stderr).toBe(0);
      return JSON.parse(res.stdout) as Record<string, { name: string }[]>;
    };

    const { tools = [] } = await list('tools/list');
    expect(tools.map((t) => t.name).sort()).toEqual(['analyze_trace', 'execute', 'get_schema', 'search', 'search_docs']);
    const { prompts = [] } = await list('prompts/list');
    expect(prompts.map((p) => p.name).sort()).toEqual(['audit-control-plane', 'debug-api-performance', 'investigate-errors', 'onboard-consumer']);
  });

  it('lists the five tools over HTTP from konnect-mcp --http (--transport http)', { timeout: 150_000 }, async (ctx) => {
    const bin = await inspector(ctx, dir);
    const server = await spawnHttp();
    try {
      const env = { PATH: process.env.PATH ?? '', HOME: dir, MCP_INSPECTOR_SECRET_STORE: 'memory' };
      const res = await runProcess(process.execPath, [bin, '--cli', `${server.url}/mcp`, '--transport', 'http', '--method', 'tools/list'], env);
      expect(res.code, res.stderr).toBe(0);
      const { tools = [] } = JSON.parse(res.stdout) as { tools?: { name: string }[] };
      expect(tools.map((t) => t.name).sort()).toEqual(['analyze_trace', 'execute', 'get_schema', 'search', 'search_docs']);
    } finally {
      await server.stop();
    }
  });
});
