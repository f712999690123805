import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { CLIENTS, clientSnippet, json, localLaunch, TOKEN_PLACEHOLDER, type ClientName } from '../src/clients.js';
import { runBin } from './helpers/run-bin.js';

// The shapes each client reads, written from the clients' documented formats.
const env = z.record(z.string(), z.string());
const stdioEntry = z.object({ command: z.string().min(1), args: z.array(z.string()), env: env.optional() }).strict();
const mcpServersFile = z.object({ mcpServers: z.record(z.string(), stdioEntry) }).strict();
const serversEntry = stdioEntry.extend({ type: z.literal('stdio') }).strict();
const promptInput = z.object({ type: z.literal('promptString'), id: z.string().min(1), description: z.string(), password: z.boolean().optional() }).strict();
const serversFile = z.object({ inputs: z.array(promptInput).optional(), servers: z.record(z.string(), serversEntry) }).strict();

const JSON_SHAPES: Record<Exclude<ClientName, 'claude-code'>, z.ZodType> = {
  'claude-desktop': mcpServersFile,
  cursor: mcpServersFile,
  vscode: serversFile,
  jetbrains: serversFile,
};

function konnectEntry(client: ClientName, text: string): z.infer<typeof stdioEntry> {
  const doc = JSON.parse(text) as { mcpServers?: Record<string, z.infer<typeof stdioEntry>>; servers?: Record<string, z.infer<typeof stdioEntry>> };
  const entry = (doc.mcpServers ?? doc.servers)?.konnect;
  if (!entry) throw new Error(`${client}: no konnect server entry`);
  return entry;
}

describe('client snippets', () => {
  for (const [client, shape] of Object.entries(JSON_SHAPES)) {
    it(`${client} parses as JSON in the shape the client reads and launches npx -y konnect-mcp`, () => {
      const { text, language } = clientSnippet(client as ClientName, { region: 'eu' });
      expect(language).toBe('json');
      const parsed = shape.safeParse(JSON.parse(text));
      expect(parsed.error?.issues ?? []).toEqual([]);
      const entry = konnectEntry(client as ClientName, text);
      expect(entry.command).toBe('npx');
      expect(entry.args).toEqual(['-y', 'konnect-mcp']);
      expect(entry.env?.KONNECT_REGION).toBe('eu');
    });
  }

  it('vscode asks for the token through a password input that the env references', () => {
    const doc = serversFile.parse(JSON.parse(clientSnippet('vscode').text));
    const ref = doc.servers.konnect?.env?.KONNECT_TOKEN;
    expect(ref).toMatch(/^\$\{input:([\w-]+)\}$/);
    const id = /^\$\{input:([\w-]+)\}$/.exec(ref ?? '')?.[1];
    expect(doc.inputs).toEqual([expect.objectContaining({ type: 'promptString', id, password: true })]);
  });

  it('the other clients carry the placeholder token, never a value from outside', () => {
    for (const client of ['claude-desktop', 'cursor', 'jetbrains'] as const) {
      expect(konnectEntry(client, clientSnippet(client).text).env?.KONNECT_TOKEN).toBe(TOKEN_PLACEHOLDER);
    }
    expect(clientSnippet('claude-code').text).toContain(`KONNECT_TOKEN=${TOKEN_PLACEHOLDER}`);
  });

  it('claude-code puts the server name before the -e flags and the launch command after --', () => {
    const words = clientSnippet('claude-code', { region: 'eu' }).text.split(' ');
    expect(words.slice(0, 4)).toEqual(['claude', 'mcp', 'add', 'konnect']);
    const dashdash = words.indexOf('--');
    expect(words.slice(dashdash + 1)).toEqual(['npx', '-y', 'konnect-mcp']);
    // Every -e is followed by exactly one KEY=value, so nothing but env vars sits between the name and --.
    const between = words.slice(4, dashdash);
    expect(between.length % 2).toBe(0);
    for (let i = 0; i < between.length; i += 2) {
      expect(between[i]).toBe('-e');
      expect(between[i + 1]).toMatch(/^[A-Z_]+=\S+$/);
    }
    expect(between).toContain('KONNECT_REGION=eu');
  });

  it('defaults to region us and adds KONNECT_READ_ONLY=1 only with readOnly', () => {
    for (const client of CLIENTS) {
      const plain = clientSnippet(client).text;
      const ro = clientSnippet(client, { readOnly: true }).text;
      expect(plain).toMatch(/KONNECT_REGION"?[:=] ?"?us/);
      expect(plain).not.toContain('KONNECT_READ_ONLY');
      expect(ro).toMatch(/KONNECT_READ_ONLY"?[:=] ?"?1/);
    }
  });

  it('with a local launch, every client starts node on the given bin instead of npx', () => {
    const launch = localLaunch('/opt/my konnect/bin/konnect-mcp.js');
    for (const client of CLIENTS) {
      const text = clientSnippet(client, { launch }).text;
      expect(text, client).not.toContain('npx');
      if (client === 'claude-code') expect(text).toMatch(/ -- node '\/opt\/my konnect\/bin\/konnect-mcp\.js'$/);
      else expect(text).toMatch(/"command": "node",\n\s*"args": \["\/opt\/my konnect\/bin\/konnect-mcp\.js"\]/);
    }
  });

  it('formats JSON with short arrays on one line, and it round-trips', () => {
    const value = { a: ['-y', 'x'], b: [{ c: 1 }], d: {}, e: 'q"' };
    expect(JSON.parse(json(value))).toEqual(value);
    expect(json(value)).toContain('"a": ["-y", "x"]');
  });
});

describe('remote (team mode) snippets', () => {
  const URL_ = 'https://mcp.example.com/mcp';
  const headers = z.object({ Authorization: z.string() }).strict();
  const remoteEntry = z.object({ url: z.literal(URL_), headers }).strict();
  const SHAPES: Record<Exclude<ClientName, 'claude-code'>, z.ZodType> = {
    // Claude Desktop reaches a remote server through the mcp-remote bridge, a stdio server to it.
    'claude-desktop': z.object({ mcpServers: z.record(z.string(), stdioEntry) }).strict(),
    cursor: z.object({ mcpServers: z.record(z.string(), remoteEntry) }).strict(),
    vscode: z.object({ inputs: z.array(promptInput), servers: z.record(z.string(), remoteEntry.extend({ type: z.literal('http') }).strict()) }).strict(),
    jetbrains: z.object({ servers: z.record(z.string(), remoteEntry.extend({ type: z.literal('http') }).strict()) }).strict(),
  };

  for (const [client, shape] of Object.entries(SHAPES)) {
    it(`${client} connects to the URL with the token as an Authorization header placeholder or input`, () => {
      const { text, language } = clientSnippet(client as ClientName, { httpUrl: URL_ });
      expect(language).toBe('json');
      shape.parse(JSON.parse(text));
      expect(text).toMatch(/Bearer (kpat_your_token_here|\$\{input:konnect-token\})/);
      expect(text).not.toContain('KONNECT_TOKEN');
    });
  }

  it('claude-desktop runs npx mcp-remote <url> with the header taken from its env', () => {
    const entry = konnectEntry('claude-desktop', clientSnippet('claude-desktop', { httpUrl: URL_ }).text);
    expect(entry.args).toEqual(['-y', 'mcp-remote', URL_, '--header', 'Authorization:${KONNECT_AUTH_HEADER}']);
    expect(entry.env).toEqual({ KONNECT_AUTH_HEADER: `Bearer ${TOKEN_PLACEHOLDER}` });
  });

  it('claude-code adds an http transport with the bearer header', () => {
    expect(clientSnippet('claude-code', { httpUrl: URL_ }).text).toBe(`claude mcp add --transport http konnect ${URL_} --header "Authorization: Bearer ${TOKEN_PLACEHOLDER}"`);
  });

  it('refuses server settings and a bad URL next to --http', async () => {
    expect((await runBin(['config', 'cursor', '--http', URL_, '--read-only'])).code).toBe(2);
    expect((await runBin(['config', 'cursor', '--http', 'mcp.example.com'])).stderr).toMatch(/--http must be an absolute http\(s\) URL/);
  });
});

describe('README setup snippets', () => {
  const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
  const marked = [...readme.matchAll(/<!-- snippet: konnect-mcp (config [^>]*?) -->\n```(\w+)\n([\s\S]*?)\n```/g)].map((m) => ({
    args: (m[1] ?? '').split(' '),
    language: m[2],
    text: m[3] ?? '',
  }));

  it('has a snippet for every client, local and remote', () => {
    expect(new Set(marked.filter((s) => !s.args.includes('--http')).map((s) => s.args[1]))).toEqual(new Set(CLIENTS));
    expect(new Set(marked.filter((s) => s.args.includes('--http')).map((s) => s.args[1]))).toEqual(new Set(CLIENTS));
  });

  it('every snippet is exactly what `konnect-mcp config` prints, even with a token in the environment', async () => {
    const token = 'kpat_readmeSecret0123456789';
    for (const s of marked) {
      const res = await runBin(s.args, { KONNECT_TOKEN: token });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toBe(`${s.text}\n`);
      expect(s.language).toBe(clientSnippet(s.args[1] as ClientName, { httpUrl: s.args[2] === '--http' ? s.args[3] : undefined }).language);
      expect(res.stdout + res.stderr).not.toContain(token);
    }
  });

  it('has no unmarked setup snippet', () => {
    const blocks = [...readme.matchAll(/(<!-- snippet: [^>]*-->\n)?```\w*\n([\s\S]*?)\n```/g)];
    for (const b of blocks) {
      const body = b[2] ?? '';
      const isSetup = /"(mcpServers|servers)"|claude mcp add/.test(body);
      if (isSetup) expect(b[1], `unmarked setup snippet:\n${body}`).toBeDefined();
    }
  });
});
