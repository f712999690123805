// The Claude Code plugin in this repository: marketplace, manifest, MCP server entry and skills. The skills may name
// only tools the server has (plus analyze_trace) and operationIds in the catalog; Claude Code's own validator,
// installed from the npm registry at test time, must accept the manifests.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_DIR } from '../src/paths.js';
import { BIN, spawnServer } from './helpers/mcp-client.js';
import { runProcess } from './helpers/run-bin.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string): string => readFileSync(join(REPO, path), 'utf8');
const readJson = <T>(path: string): T => JSON.parse(read(path)) as T;
/** Tools another part of the project adds; skills may name them before they land. */
const COMING_TOOLS = ['analyze_trace'];

interface Skill {
  folder: string;
  name: string;
  description: string;
  body: string;
}

function skills(): Skill[] {
  return readdirSync(join(REPO, 'skills')).map((folder) => {
    const text = read(`skills/${folder}/SKILL.md`);
    const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
    expect(match, `skills/${folder}/SKILL.md has front matter`).not.toBeNull();
    const front = new Map((match?.[1] ?? '').split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as const));
    return { folder, name: front.get('name') ?? '', description: front.get('description') ?? '', body: match?.[2] ?? '' };
  });
}

describe('the plugin files', () => {
  let serverTools: string[] = [];
  beforeAll(async () => {
    const mcp = await spawnServer();
    try {
      serverTools = (await mcp.client.listTools()).tools.map((t) => t.name);
    } finally {
      await mcp.close();
    }
  });

  it('lists this repository as the plugin, with the package name and version', () => {
    const market = readJson<{ name: string; plugins: { name: string; source: string }[] }>('.claude-plugin/marketplace.json');
    const plugin = readJson<{ name: string; version: string }>('.claude-plugin/plugin.json');
    const pkg = readJson<{ name: string; version: string }>('package.json');
    expect(market.plugins).toEqual([expect.objectContaining({ name: pkg.name, source: './' })]);
    expect(plugin).toMatchObject({ name: pkg.name, version: pkg.version });
  });

  it('starts konnect-mcp with the token and region from the environment, and that entry serves the tools', async () => {
    const { mcpServers } = readJson<{ mcpServers: Record<string, { command: string; args: string[]; env: Record<string, string> }> }>('.mcp.json');
    const entry = mcpServers.konnect;
    expect(entry).toEqual({ command: 'npx', args: ['-y', 'konnect-mcp'], env: { KONNECT_TOKEN: '${KONNECT_TOKEN}', KONNECT_REGION: '${KONNECT_REGION:-us}' } });
    // The same entry with this checkout in place of npx, and the variables expanded as Claude Code does.
    const env = Object.fromEntries(Object.entries(entry?.env ?? {}).map(([k, v]) => [k, v.replace('${KONNECT_TOKEN}', 'kpat_pluginTest').replace('${KONNECT_REGION:-us}', 'eu')]));
    const client = new Client({ name: 'plugin-test', version: '0.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN], env: { PATH: process.env.PATH ?? '', ...env }, stderr: 'pipe' }));
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(expect.arrayContaining(['search', 'get_schema', 'execute', 'search_docs']));
    } finally {
      await client.close();
    }
  });

  it('has 3 to 5 skills, each named after its folder with a description', () => {
    const all = skills();
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all.length).toBeLessThanOrEqual(5);
    for (const s of all) {
      expect(s.name).toBe(s.folder);
      expect(s.name).toMatch(/^[a-z0-9-]{1,64}$/);
      expect(s.description.length).toBeGreaterThan(40);
      expect(s.description.length).toBeLessThanOrEqual(1024);
    }
  });

  it('skills name only tools the server has and operationIds that exist in their api', () => {
    const catalog = JSON.parse(readFileSync(join(CATALOG_DIR, 'catalog.json'), 'utf8')) as { operations: { operationId: string; api: string }[] };
    const known = new Set(catalog.operations.map((o) => `${o.operationId} [${o.api}]`));
    const tools = new Set([...serverTools, ...COMING_TOOLS]);
    let operations = 0;
    for (const s of skills()) {
      const listed = /^Tools: (.+)$/m.exec(s.body)?.[1] ?? '';
      const named = [...listed.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
      expect(named.length, `${s.name} lists its tools`).toBeGreaterThan(0);
      for (const t of named) expect(tools, `${s.name}: tool ${t}`).toContain(t);
      // A verb_noun word in backticks reads as a tool name (metric fields such as error_rate do not).
      for (const m of s.body.matchAll(/`((?:search|get|analyze|read|list|call|run|query)_[a-z_]+)`/g)) expect(tools, `${s.name}: ${m[1]}`).toContain(m[1]);
      for (const m of s.body.matchAll(/`([A-Za-z0-9_-]+)` \[([a-z0-9-]+)\]/g)) {
        operations++;
        expect(known, `${s.name}: ${m[0]}`).toContain(`${m[1]} [${m[2]}]`);
      }
    }
    expect(operations).toBeGreaterThan(20);
  });

  it('skills that write preview with dryRun and ask first', () => {
    for (const s of skills()) {
      const writes = [...s.body.matchAll(/`((?:create|add|update|upsert|delete|patch)-[A-Za-z0-9_-]+)` \[/g)];
      if (writes.length === 0) continue;
      expect(s.body, s.name).toContain('dryRun: true');
      expect(s.body, s.name).toMatch(/\byes\b/);
    }
  });
});

describe("Claude Code's plugin validator", () => {
  const dir = mkdtempSync(join(tmpdir(), 'konnect-mcp-claude-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts the marketplace and the plugin manifest, and rejects a broken one', { timeout: 240_000 }, async (ctx) => {
    try {
      await promisify(execFile)('npm', ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', '@anthropic-ai/claude-code'], { timeout: 200_000, env: process.env });
    } catch (err) {
      const detail = ((err as { stderr?: string }).stderr ?? String(err)).split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 2).join(' ');
      ctx.skip(`could not install @anthropic-ai/claude-code from the npm registry: ${detail}`);
    }
    // Without install scripts the package runs its platform binary through this launcher.
    const launcher = join(dir, 'node_modules', '@anthropic-ai', 'claude-code', 'cli-wrapper.cjs');
    if (!existsSync(launcher)) ctx.skip('@anthropic-ai/claude-code has no cli-wrapper.cjs launcher in this version');
    const home = join(dir, 'home');
    const validate = (path: string) => runProcess(process.execPath, [launcher, 'plugin', 'validate', '--strict', path], { PATH: process.env.PATH ?? '', HOME: home });

    const probe = await validate(REPO);
    if (/native binary not (?:installed|found)|unsupported platform/i.test(probe.stderr + probe.stdout)) ctx.skip(`Claude Code cannot run here: ${probe.stderr.trim().split('\n')[0]}`);
    expect(probe.code, probe.stdout + probe.stderr).toBe(0);
    expect(probe.stdout).toMatch(/Validating marketplace manifest[\s\S]*Validation passed/);

    const plugin = await validate(join(REPO, '.claude-plugin', 'plugin.json'));
    expect(plugin.code, plugin.stdout + plugin.stderr).toBe(0);
    expect(plugin.stdout).toMatch(/Validating plugin manifest[\s\S]*Validation passed/);

    // The validator checks something: the same marketplace with a bad owner fails.
    const broken = join(dir, 'broken');
    cpSync(join(REPO, '.claude-plugin'), join(broken, '.claude-plugin'), { recursive: true });
    const market = readJson<Record<string, unknown>>('.claude-plugin/marketplace.json');
    writeFileSync(join(broken, '.claude-plugin', 'marketplace.json'), JSON.stringify({ ...market, owner: 'nobody' }));
    const bad = await validate(broken);
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/owner/);
  });
});
