import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startServer, type TestServer } from './helpers/http-server.js';
import { BIN, spawnServer } from './helpers/mcp-client.js';
import { runBin, runProcess, type BinResult } from './helpers/run-bin.js';
import { LOW_CONFIDENCE_LINE } from '../src/tools/search.js';

const TOKEN = 'kpat_cliSecretToken0123456789';

function expectNoToken(res: BinResult): void {
  expect(res.stdout).not.toContain(TOKEN);
  expect(res.stderr).not.toContain(TOKEN);
}

describe('konnect-mcp config', () => {
  it('prints only the snippet on stdout and the hint on stderr, with the token as a placeholder even when KONNECT_TOKEN is set', async () => {
    const res = await runBin(['config', 'claude-desktop', '--region', 'au', '--read-only'], { KONNECT_TOKEN: TOKEN });
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout) as { mcpServers: { konnect: { env: Record<string, string> } } };
    expect(doc.mcpServers.konnect.env).toEqual({ KONNECT_TOKEN: 'kpat_your_token_here', KONNECT_REGION: 'au', KONNECT_READ_ONLY: '1' });
    expect(res.stderr).toMatch(/claude_desktop_config\.json/);
    expectNoToken(res);
  });

  it('exits 2 with the list of clients for an unknown client or region', async () => {
    const client = await runBin(['config', 'emacs']);
    expect(client.code).toBe(2);
    expect(client.stderr).toContain('unknown client "emacs": use one of claude-desktop, claude-code, vscode, cursor, jetbrains');
    expect(client.stdout).toBe('');
    const region = await runBin(['config', 'vscode', '--region', 'mars']);
    expect(region.code).toBe(2);
    expect(region.stderr).toMatch(/unknown region "mars"/);
  });
});

describe('konnect-mcp doctor', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startServer();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('exits 0 when the local Konnect answers whoami with 200', async () => {
    api.handle((req, res) => (req.url === '/v3/users/me' ? json(res, 200, { email: 'ops@example.com' }) : json(res, 404, {})));
    const res = await runBin(['doctor', '--base-url', api.url], { KONNECT_TOKEN: TOKEN, KONNECT_REGION: 'eu' });
    expect(res.code, res.stdout).toBe(0);
    expect(res.stdout).toMatch(/ok {4}whoami: signed in as <ops@example\.com>/);
    expect(res.stdout).toMatch(/All checks passed\./);
    expectNoToken(res);
  });

  it('exits 1 with a plain-language fix when whoami answers 401', async () => {
    api.handle((_req, res) => json(res, 401, { message: 'Unauthorized' }));
    const res = await runBin(['doctor', '--base-url', api.url, '--token', TOKEN]);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/FAIL {2}whoami: GET http:\/\/127\.0\.0\.1:\d+\/v3\/users\/me answered 401/);
    expect(res.stdout).toMatch(/fix: Konnect rejected the token/);
    expectNoToken(res);
  });

  it('honours --timeout given after the subcommand, and its advice names the base URL', async () => {
    const silent = await startServer(() => undefined);
    try {
      const res = await runBin(['doctor', '--base-url', silent.url, '--timeout', '300'], { KONNECT_TOKEN: TOKEN });
      expect(res.code).toBe(1);
      expect(res.stdout).toContain(`${silent.url} is not reachable: no answer within 300 ms`);
      expect(res.stdout).toContain(`that ${silent.url} is up and reachable`);
      expect(res.stdout).not.toMatch(/\*\.api\.konghq\.com/);
    } finally {
      await silent.close();
    }
  });

  it('exits 1 without a token and says where to create one', async () => {
    const res = await runBin(['doctor', '--base-url', api.url]);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/FAIL {2}token: no token is set/);
    expect(res.stdout).toMatch(/Personal access tokens/);
  });
});

describe('konnect-mcp search and schema', () => {
  it('search prints a table with list-route for "list routes"', async () => {
    const res = await runBin(['search', 'list', 'routes', 'of', 'a', 'control', 'plane', '--limit', '5']);
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^METHOD +PATH +OPERATION +API +SUMMARY$/);
    expect(res.stdout).toMatch(/GET +\/control-planes\/\{controlPlaneId\}\/core-entities\/routes +list-route +control-planes-config +List all Routes/);
    expect(res.stdout).toMatch(/5 of \d+ matches/);
  });

  it('search says first when no operation matches the words well, as the tool does', async () => {
    const res = await runBin(['search', 'start', 'an', 'active', 'tracing', 'debug', 'session', 'on', 'a', 'route']);
    expect(res.code).toBe(0);
    expect(res.stdout.split('\n')[0]).toBe(LOW_CONFIDENCE_LINE);
    expect(res.stdout).toMatch(/^METHOD +PATH +OPERATION +API +SUMMARY$/m);
    const sure = await runBin(['search', 'list', 'routes', 'of', 'a', 'control', 'plane', '--limit', '1']);
    expect(sure.stdout).not.toContain(LOW_CONFIDENCE_LINE);
  });

  it('schema --part parameters prints JSON with the path parameter', async () => {
    const res = await runBin(['schema', 'list-route', '--part', 'parameters']);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { part: string; value: { path: { name: string }[] } };
    expect(out.part).toBe('parameters');
    expect(out.value.path.map((p) => p.name)).toEqual(['controlPlaneId']);
  });

  it('schema of an unknown operation exits 2 with a did-you-mean', async () => {
    const res = await runBin(['schema', 'list-routes']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/Did you mean "list-route"/);
  });
});

describe('konnect-mcp call', () => {
  let api: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'konnect-mcp-cli-'));
    api = await startServer((req, res) => {
      if (req.method === 'GET' && req.url.startsWith('/v2/control-planes/9f1d2c3b-4a5e-4f60-8a7b-1c2d3e4f5a6b/core-entities/routes')) return json(res, 200, { data: [{ id: 'r1' }], offset: null });
      if (req.method === 'POST' && req.url === '/v2/control-planes/9f1d2c3b-4a5e-4f60-8a7b-1c2d3e4f5a6b/core-entities/consumers') return json(res, 201, { id: 'c1', ...(JSON.parse(req.body) as object) });
      json(res, 404, { title: 'Not Found', echo: req.headers.authorization });
    });
  });
  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (): Record<string, string> => ({ KONNECT_TOKEN: TOKEN, KONNECT_BASE_URL: api.url });

  it('prints the response as JSON and exits 0, sending path and query as given', async () => {
    const res = await runBin(['call', 'list-route', '--path', 'controlPlaneId=9f1d2c3b-4a5e-4f60-8a7b-1c2d3e4f5a6b', '--query', 'size=5'], env());
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ status: 200, ok: true, body: { data: [{ id: 'r1' }] } });
    expect(api.requests.at(-1)?.url).toBe('/v2/control-planes/9f1d2c3b-4a5e-4f60-8a7b-1c2d3e4f5a6b/core-entities/routes?size=5');
    expectNoToken(res);
  });

  it('exits 1 on an HTTP error, still printing the response, with the echoed token redacted', async () => {
    const res = await runBin(['call', 'list-route', '--path', 'controlPlaneId=00000000-0000-4000-8000-000000000000'], env());
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout)).toMatchObject({ status: 404, ok: false, body: { title: 'Not Found' } });
    expectNoToken(res);
  });

  it('sends a --body read from @file', async () => {
    const file = join(dir, 'consumer.json');
    writeFileSync(file, JSON.stringify({ username: 'alice' }));
    const res = await runBin(['call', 'create-consumer', '--api', 'control-planes-config', '--path', 'controlPlaneId=9f1d2c3b-4a5e-4f60-8a7b-1c2d3e4f5a6b', '--body', `@${file}`], env());
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ status: 201, body: { id: 'c1', username: 'alice' } });
    expect(JSON.parse(api.requests.at(-1)?.body ?? '{}')).toEqual({ username: 'alice' });
  });

  it('--dry-run prints the request with the token redacted and sends nothing', async () => {
    const before = api.requests.length;
    const res = await runBin(['call', 'create-consumer', '--api', 'control-planes-config', '--path', 'controlPlaneId=9f1d2c3b-4a5e-4f60-8a7b-1c2d3e4f5a6b', '--body', '{"username":"bob"}', '--dry-run'], env());
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { dryRun: boolean; method: string; url: string; curl: string };
    expect(out).toMatchObject({ dryRun: true, method: 'POST', url: `${api.url}/v2/control-planes/9f1d2c3b-4a5e-4f60-8a7b-1c2d3e4f5a6b/core-entities/consumers` });
    expect(out.curl).toMatch(/^curl -X POST/);
    expect(api.requests.length).toBe(before);
    expectNoToken(res);
  });

  it('sends query values by the parameter\'s type: a string stays a string, "true" for a boolean is a boolean', async () => {
    const cp = 'controlPlaneId=9f1d2c3b-4a5e-4f60-8a7b-1c2d3e4f5a6b';
    for (const value of ['123', 'true']) {
      const res = await runBin(['call', 'list-route', '--path', cp, '--query', `filter[name][eq]=${value}`, '--dry-run'], env());
      expect(res.code, res.stderr).toBe(0);
      expect(decodeURIComponent((JSON.parse(res.stdout) as { url: string }).url)).toMatch(new RegExp(`\\?filter\\[name\\]\\[eq\\]=${value}$`));
    }
    const flag = await runBin(['call', 'get-plugin', '--api', 'control-planes-config', '--path', cp, '--path', 'PluginId=3473c251-5b6c-4f45-b1ff-7ede735a366d', '--query', 'expand_partials=true', '--dry-run'], env());
    expect(flag.code, flag.stderr).toBe(0);
    expect((JSON.parse(flag.stdout) as { url: string }).url).toMatch(/\?expand_partials=true$/);
    const notFlag = await runBin(['call', 'get-plugin', '--api', 'control-planes-config', '--path', cp, '--path', 'PluginId=3473c251-5b6c-4f45-b1ff-7ede735a366d', '--query', 'expand_partials=yes', '--dry-run'], env());
    expect(notFlag.code).toBe(2);
    expect(notFlag.stderr).toMatch(/expand_partials: must be boolean/);
  });

  it('exits 2 on a malformed flag and sends nothing', async () => {
    const before = api.requests.length;
    const badBody = await runBin(['call', 'create-consumer', '--api', 'control-planes-config', '--path', 'controlPlaneId=9f1d2c3b-4a5e-4f60-8a7b-1c2d3e4f5a6b', '--body', '{oops'], env());
    expect(badBody.code).toBe(2);
    expect(badBody.stderr).toMatch(/--body must be JSON/);
    const badPair = await runBin(['call', 'list-route', '--path', 'controlPlaneId'], env());
    expect(badPair.code).toBe(2);
    expect(badPair.stderr).toMatch(/--path expects name=value, got "controlPlaneId"/);
    const missingFile = await runBin(['call', 'create-consumer', '--api', 'control-planes-config', '--path', 'controlPlaneId=9f1d2c3b-4a5e-4f60-8a7b-1c2d3e4f5a6b', '--body', `@${join(dir, 'nope.json')}`], env());
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toMatch(/cannot read --body file/);
    expect(api.requests.length).toBe(before);
  });

  it('refuses a write under --read-only with exit 1 and sends nothing', async () => {
    const before = api.requests.length;
    const res = await runBin(['call', 'create-consumer', '--api', 'control-planes-config', '--path', 'controlPlaneId=9f1d2c3b-4a5e-4f60-8a7b-1c2d3e4f5a6b', '--body', '{"username":"eve"}', '--read-only'], env());
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/read-only/i);
    expect(api.requests.length).toBe(before);
  });

  it('--max-items follows page[number] pagination, shows progress on stderr and --fields trims items', async () => {
    const pages = new Server();
    await pages.start();
    try {
      const res = await runBin(['call', 'list-control-planes', '--max-items', '5', '--fields', 'id'], { KONNECT_TOKEN: TOKEN, KONNECT_BASE_URL: pages.url });
      expect(res.code, res.stderr).toBe(0);
      const out = JSON.parse(res.stdout) as { body: { data: { id: string }[] }; pagination: { pages: number; items: number } };
      expect(out.body.data).toEqual([{ id: 'cp0' }, { id: 'cp1' }, { id: 'cp2' }, { id: 'cp3' }, { id: 'cp4' }]);
      expect(out.pagination).toMatchObject({ pages: 3, items: 5 });
      expect(res.stderr).toMatch(/list-control-planes: fetching page 2/);
      expect(res.stderr).toMatch(/fetching page 3/);
      expect(pages.urls).toEqual(['/v2/control-planes?page[size]=5', '/v2/control-planes?page[size]=5&page[number]=2', '/v2/control-planes?page[size]=5&page[number]=3']);
      expectNoToken(res);
      const more = await runBin(['call', 'list-control-planes', '--max-items', '2', '--resume', (out.pagination as { resume?: string }).resume ?? '', '--select', '[].id'], { KONNECT_TOKEN: TOKEN, KONNECT_BASE_URL: pages.url });
      expect(more.code, more.stderr).toBe(0);
      expect((JSON.parse(more.stdout) as { body: unknown }).body).toEqual(['cp5', 'cp6']);
    } finally {
      await pages.stop();
    }
  });
});

describe('konnect-mcp call: flags that shape the request, and exit codes', () => {
  const GADGETS = new URL('./fixtures/gadgets.yaml', import.meta.url).pathname;
  const CP = 'controlPlaneId=9f1d2c3b-4a5e-4f60-8a7b-1c2d3e4f5a6b';
  let api: TestServer;
  beforeAll(async () => {
    api = await startServer((_req, res) => json(res, 200, { data: Array.from({ length: 400 }, (_, i) => ({ id: `g${i}`, name: `gadget ${i} `.repeat(5) })) }));
  });
  afterAll(async () => {
    await api?.close();
  });
  const env = (): Record<string, string> => ({ KONNECT_TOKEN: TOKEN, KONNECT_BASE_URL: api.url });

  it('--header sends a header the operation declares', async () => {
    const res = await runBin(['--spec', GADGETS, 'call', 'list-gadgets', '--header', 'X-Trace-Level=2'], env());
    expect(res.code, res.stderr).toBe(0);
    expect(api.requests.at(-1)).toMatchObject({ url: '/v7/gadgets', headers: { 'x-trace-level': '2' } });
  });

  it('--header refuses a header the operation does not declare with exit 2, sending nothing', async () => {
    const before = api.requests.length;
    const res = await runBin(['--spec', GADGETS, 'call', 'list-gadgets', '--header', 'X-Other=1'], env());
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/header X-Other is not declared by list-gadgets; allowed: X-Trace-Level/);
    expect(api.requests.length).toBe(before);
  });

  it.each([
    ['--deny', ['--deny', 'GET /gadgets'], {}, 'GET /gadgets'],
    ['KONNECT_MCP_DENY', [], { KONNECT_MCP_DENY: 'list-*' }, 'list-*'],
  ])('%s refuses a matching operation with exit 1 and names the rule, sending nothing', async (_how, flags, extraEnv, rule) => {
    const before = api.requests.length;
    const res = await runBin([...flags, '--spec', GADGETS, 'call', 'list-gadgets'], { ...env(), ...extraEnv });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`list-gadgets (GET /gadgets) is blocked by the deny rule "${rule}" (--deny / KONNECT_MCP_DENY)`);
    expect(api.requests.length).toBe(before);
    expectNoToken(res);
  });

  it('exits 2 on a body the schema refuses, naming the field, and sends nothing', async () => {
    const before = api.requests.length;
    const res = await runBin(['call', 'create-consumer', '--api', 'control-planes-config', '--path', CP, '--body', '{"username":5}'], env());
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/problem with the arguments for create-consumer; nothing was sent/);
    expect(res.stderr).toMatch(/--body username: must be string/);
    expect(api.requests.length).toBe(before);
  });

  it.each([
    [['call', 'list-route', '--bogus'], /unknown option '--bogus'/],
    [['call'], /missing required argument 'operationId'/],
    [['call', 'list-route', '--max-items', 'lots'], /--max-items/],
  ])('exits 2 on commander error %j', async (args, message) => {
    const res = await runBin(args, env());
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stdout).toBe('');
  });
});

describe('konnect-mcp --max-response-tokens', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startServer((_req, res) => json(res, 200, { data: Array.from({ length: 400 }, (_, i) => ({ id: `g${i}`, name: `gadget ${i} `.repeat(5) })) }));
  });
  afterAll(async () => {
    await api?.close();
  });

  const listGadgets = async (args: string[]): Promise<{ total?: number; returned?: number } | undefined> => {
    const fixture = new URL('./fixtures/gadgets.yaml', import.meta.url).pathname;
    const mcp = await spawnServer({ KONNECT_TOKEN: TOKEN, KONNECT_BASE_URL: api.url }, ['--spec', fixture, ...args]);
    try {
      const r = await mcp.client.callTool({ name: 'execute', arguments: { operationId: 'list-gadgets' } });
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      return (r.structuredContent as { truncated?: { total: number; returned: number } }).truncated;
    } finally {
      await mcp.close();
    }
  };

  it('cuts execute answers to the budget the flag gives (400 short items fit the default)', async () => {
    const cut = await listGadgets(['--max-response-tokens', '500']);
    expect(cut).toMatchObject({ total: 400 });
    expect(cut!.returned).toBeLessThan(100);
  });

  it('refuses a budget under 500 with exit 2', async () => {
    const res = await runBin(['--max-response-tokens', '10']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/max-response-tokens must be a whole number of at least 500, got "10"/);
  });
});

/** Serves 7 control planes, 2 per page, whatever page size is asked. */
class Server {
  urls: string[] = [];
  url = '';
  private server: TestServer | undefined;
  async start(): Promise<void> {
    this.server = await startServer((req, res) => {
      this.urls.push(req.url);
      const page = Number(new URL(req.url, 'http://x').searchParams.get('page[number]') ?? '1');
      const all = Array.from({ length: 7 }, (_, i) => ({ id: `cp${i}`, name: `plane ${i}` }));
      json(res, 200, { data: all.slice((page - 1) * 2, page * 2), meta: { page: { number: page, size: 2, total: 7 } } });
    });
    this.url = this.server.url;
  }
  stop(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }
}


describe('konnect-mcp flags', () => {
  it('prints the version and help', async () => {
    expect(await runBin(['--version'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    const help = await runBin(['--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--token', '--region', '--base-url', '--read-only', '--timeout', '--spec', '--all-versions']) expect(help.stdout).toContain(flag);
  });

  it.each([
    [['--region', 'mars'], /unknown region "mars"/],
    [['--base-url', 'not-a-url'], /--base-url must be an absolute/],
    [['--timeout', 'soon'], /timeout must be a positive whole number/],
  ])('rejects %j with one clear line and exit code 2', async (args, message) => {
    const r = await runBin(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\s+at /);
  });

  it('rejects a bad env value the same way', async () => {
    const r = await runBin([], { KONNECT_REGION: 'xx' });
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
    const bad = await runBin(['--spec', '/nonexistent.yaml']);
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

describe('konnect-mcp as a person types it', () => {
  it('suggests the subcommand for a typo and exits 2', async () => {
    const res = await runBin(['serach', 'routes']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/unknown command 'serach'/);
    expect(res.stderr).toMatch(/Did you mean search\?/);
    expect(res.stderr).not.toMatch(/too many arguments/);
  });

  it('help <command> prints that command\'s help', async () => {
    const res = await runBin(['help', 'search']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Usage: konnect-mcp search/);
    expect(res.stdout).toMatch(/--limit <n> +max results \(default 10\), 1-50/);
  });

  it.each([
    [['search', 'routes', '--limit', '1000'], /--limit <n>' argument '1000' is invalid\. expected a whole number from 1 to 50/],
    [['search', 'routes', '--limit', '0'], /from 1 to 50/],
    [['schema', 'list-route', '--depth', '99'], /--depth <n>' argument '99' is invalid\. expected a whole number from 1 to 20/],
    [['call', 'list-control-planes', '--max-items', 'lots'], /--max-items <n>' argument 'lots' is invalid/],
    [['search', 'routes', '--method', 'FETCH'], /Allowed choices are GET, POST, PUT, PATCH, DELETE, HEAD/],
  ])('refuses %j outside what help states, with exit 2', async (args, message) => {
    const res = await runBin(args);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(message);
  });

  it('accepts --method in any case', async () => {
    const res = await runBin(['search', 'list', 'routes', '--method', 'get', '--limit', '3']);
    expect(res.code, res.stderr).toBe(0);
    const rows = res.stdout.trim().split('\n').slice(1, 4);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatch(/^GET /);
  });

  it('takes server flags before or after the subcommand', async () => {
    const after = await runBin(['search', 'routes', '--region', 'xx']);
    expect(after.code).toBe(2);
    expect(after.stderr).toMatch(/unknown region "xx"/);
    expect(after.stderr).not.toMatch(/unknown option/);
    const before = await runBin(['--region', 'xx', 'search', 'routes']);
    expect(before.code).toBe(2);
    expect(before.stderr).toMatch(/unknown region "xx"/);
    for (const args of [['--region', 'eu', 'search', 'routes', '--limit', '1'], ['search', 'routes', '--limit', '1', '--region', 'eu', '--timeout', '5000']]) {
      const ok = await runBin(args);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/1 of \d+ matches/);
    }
  });

  it('speaks CLI at the CLI: konnect-mcp schema, --api, --path, --dry-run', async () => {
    const ambiguous = await runBin(['schema', 'list-apis']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/exists in several APIs: api-builder, dev-portal\. Pass --api with one of them\./);
    const invalid = await runBin(['call', 'list-route', '--path', 'controlPlaneId=x', '--dry-run']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/- --path controlPlaneId: must be a valid uuid/);
    expect(invalid.stderr).toMatch(/Fix it \(konnect-mcp schema list-route shows the schema\)/);
    const noToken = await runBin(['call', 'list-control-planes']);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/use --dry-run to preview a request/);
    for (const res of [ambiguous, invalid, noToken]) expect(res.stderr).not.toMatch(/get_schema|Pass api|dryRun|pathParams/);
  });

  it('speaks MCP to an MCP client, from the same errors', async () => {
    const mcp = await spawnServer();
    try {
      const text = async (name: string, args: Record<string, unknown>): Promise<string> => {
        const res = (await mcp.client.callTool({ name, arguments: args })) as { isError?: boolean; content: { text: string }[] };
        expect(res.isError).toBe(true);
        return res.content[0]?.text ?? '';
      };
      expect(await text('get_schema', { operationId: 'list-apis' })).toMatch(/Pass api with one of them\./);
      const invalid = await text('execute', { operationId: 'list-route', pathParams: { controlPlaneId: 'x' }, dryRun: true });
      expect(invalid).toMatch(/- pathParams\.controlPlaneId: must be a valid uuid/);
      expect(invalid).toMatch(/Fix it \(get_schema list-route shows the schema\)/);
      expect(await text('execute', { operationId: 'list-control-planes' })).toMatch(/use dryRun to preview a request/);
    } finally {
      await mcp.close();
    }
  });
});

describe('konnect-mcp started by hand', () => {
  const hasScript = spawnSync('script', ['--version']).status === 0;

  it('says on stderr that it waits for an MCP client when stdin is a terminal', async (ctx) => {
    if (!hasScript) ctx.skip('needs util-linux script(1) to give the server a pseudo-terminal');
    // script(1) gives the server a pseudo-terminal; its stdin at EOF ends the session.
    const command = [process.execPath, BIN].map((w) => `'${w}'`).join(' ');
    const res = await runProcess('script', ['-qec', command, '/dev/null'], { PATH: process.env.PATH ?? '' });
    expect(res.stdout).toMatch(/waiting for an MCP client on stdin \(Ctrl\+C to stop\)\. To try it by hand: konnect-mcp search list routes; to connect a client: konnect-mcp config claude-code/);
  });

  it('stays quiet about waiting when a client starts it over a pipe', async () => {
    const mcp = await spawnServer({ KONNECT_TOKEN: TOKEN });
    try {
      await mcp.client.listTools();
      expect(mcp.stderr()).not.toMatch(/waiting for an MCP client/);
    } finally {
      await mcp.close();
    }
  });
});

describe('konnect-mcp config --local', () => {
  it('prints a snippet that starts this checkout by absolute path, and the server answers over it', async () => {
    const res = await runBin(['config', 'claude-desktop', '--local']);
    expect(res.code).toBe(0);
    const entry = (JSON.parse(res.stdout) as { mcpServers: { konnect: { command: string; args: string[]; env: Record<string, string> } } }).mcpServers.konnect;
    expect(entry.command).toBe('node');
    expect(entry.args).toEqual([BIN]);
    expect(isAbsolute(entry.args[0] ?? '')).toBe(true);
    const transport = new StdioClientTransport({ command: entry.command, args: entry.args, env: { PATH: process.env.PATH ?? '', ...entry.env }, stderr: 'pipe' });
    const client = new Client({ name: 'local-snippet', version: '0.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('execute');
    } finally {
      await client.close();
    }
  });

  it('keeps the command one shell word in the claude-code line', async () => {
    const res = await runBin(['config', 'claude-code', '--local', '--region', 'eu']);
    expect(res.code).toBe(0);
    expect(res.stdout.trim()).toMatch(/^claude mcp add konnect -e KONNECT_TOKEN=kpat_your_token_here -e KONNECT_REGION=eu -- node \S+\/bin\/konnect-mcp\.js$/);
  });
});
