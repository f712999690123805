// Items 4-9 and 11 of the security review: hostile upstream answers (bodies that never end, huge or deep bodies,
// gzip bombs, quadratic HTML, echoed tokens, unusable Retry-After) and hostile header values.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ToolDeps } from '../../src/deps.js';
import { parseBody } from '../../src/http/response.js';
import * as execute from '../../src/tools/execute.js';
import type { ToolResult } from '../../src/tools/result.js';
import * as searchDocs from '../../src/tools/search-docs.js';
import { json } from '../helpers/http-server.js';
import { expectUntouched, hangingBody, protoKeys, type Rig, startRig, toolDeps } from './hostile.js';

let rig: Rig;
let before: string[];

beforeAll(async () => {
  before = protoKeys();
  rig = await startRig();
  // Load the catalog and compile the validator first, so the deadline test times the exchange only.
  await execute.handle({ operationId: 'list-gadgets', dryRun: true }, toolDeps(rig));
}, 60_000);
afterAll(async () => {
  expectUntouched(before, rig);
  await rig.close();
});
beforeEach(() => {
  rig.upstream.requests.length = 0;
});

const text = (r: ToolResult): string => r.content[0]?.text ?? '';
const valid = { name: 'g', config: { type: 'http', url: 'https://example.com' } };

describe('one deadline for the whole exchange', () => {
  it('a body that starts and never ends is a TIMEOUT within --timeout (+1 s)', async () => {
    let arrived = 0;
    rig.upstream.handle((_req, res) => {
      arrived = Date.now();
      res.writeHead(200, { 'content-type': 'application/json' }).write('{"data": [');
    });
    const r = await execute.handle({ operationId: 'list-gadgets' }, toolDeps(rig, { timeoutMs: 1000 }));
    expect(text(r)).toMatch(/^\[TIMEOUT\] GET .*no answer within 1000 ms/);
    // A correctness bound (the body read ends with the deadline), counted from the request's arrival, not a speed figure.
    expect(Date.now() - arrived).toBeLessThan(2000);
  });

  it('a body that trickles a byte at a time is cut at the deadline too', async () => {
    rig.upstream.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).write('[');
      const t = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(t));
    });
    const r = await execute.handle({ operationId: 'list-gadgets' }, toolDeps(rig, { timeoutMs: 800 }));
    expect(text(r)).toMatch(/^\[TIMEOUT\]/);
  });

  it('the MCP request\'s AbortSignal aborts the request and closes the upstream socket', async () => {
    const { arrived, closed } = hangingBody(rig.upstream);
    const ctl = new AbortController();
    const pending = execute.handle({ operationId: 'list-gadgets' }, toolDeps(rig, { timeoutMs: 60_000 }), ctl.signal);
    await arrived;
    ctl.abort();
    expect(text(await pending)).toMatch(/^\[CANCELLED\]/);
    await closed();
  });
});

describe('bounded answers', () => {
  it('stops reading past 20 MB and says what to ask for instead', async () => {
    rig.upstream.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 'x');
      for (let i = 0; i < 21; i++) res.write(chunk);
      res.end();
    });
    const r = await execute.handle({ operationId: 'list-gadgets' }, toolDeps(rig));
    expect(text(r)).toMatch(/^\[TOO_LARGE\] GET .*over 20 MB.*a filter, a smaller page/);
  });

  it('a gzip answer that inflates to 200 MB is refused with RSS under 300 MB (measured in a child process)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'konnect-mcp-gzip-'));
    const file = join(dir, 'bomb.gz');
    const parts: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const gz = createGzip({ level: 9 });
      gz.on('data', (c: Buffer) => parts.push(c)).on('end', resolve).on('error', reject);
      const mb = Buffer.alloc(1024 * 1024);
      for (let i = 0; i < 200; i++) gz.write(mb);
      gz.end();
    });
    writeFileSync(file, Buffer.concat(parts));
    const child = new URL('./gzip-child.ts', import.meta.url).pathname;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', child, file], { cwd: process.cwd() }, (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout))),
    );
    const result = JSON.parse(out) as { code: string; maxRss: number };
    expect(result.code).toBe('TOO_LARGE');
    expect(result.maxRss).toBeLessThan(300 * 1024 * 1024);
  }, 60_000);

  it('1 MB of unclosed <script> converts to the page text (linear tokenizer, no backtracking)', async () => {
    const html = `<html><body><h1>502 Bad Gateway</h1>${'<script>a<b'.repeat(100_000)}`;
    expect(await parseBody(html, 'text/html')).toBe('502 Bad Gateway');
  });

  it('a 10,000-level deep 201 body is returned as text: the write succeeded and says so', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    rig.upstream.handle((_req, res) => void res.writeHead(201, { 'content-type': 'application/json' }).end(deep));
    const r = await execute.handle({ operationId: 'create-gadget', body: valid }, toolDeps(rig));
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ status: 201, ok: true });
    expect(typeof r.structuredContent?.body).toBe('string');
  });
});

describe('search_docs words', () => {
  it('a word as long as a query may be answers (typo matching is capped at 64 characters)', async () => {
    const r = await searchDocs.handle({ query: `rate limiting ${'x'.repeat(1_980)}`, limit: 3 }, toolDeps(rig));
    expect(r.isError).toBeFalsy();
    expect((r.structuredContent as { results: unknown[] }).results.length).toBeGreaterThan(0);
  }, 60_000);

  it('a 65,000-character query is refused at once, briefly', async () => {
    const r = await searchDocs.handle({ query: `rate limiting ${'x'.repeat(65_000)}`, limit: 3 }, toolDeps(rig));
    expect(r.isError).toBe(true);
    expect(r.content[0]?.text).toMatch(/^\[INVALID_INPUT\] The query is 65014 characters; at most 2000 are read/);
  });
});

describe('redaction cannot be dodged', () => {
  const tokens = ['kpat_quo"te0123456789', 'kpat_back\\slash0123456789', 'kpat_tab\there0123456789', 'kpat_uni\u00e9\u2028\u{1F511}0123456789'];
  const forms = (t: string): string[] => [t, JSON.stringify(t).slice(1, -1), encodeURIComponent(t), t.slice(0, -1), t.slice(5)];

  function echoing(d: ToolDeps, token: string, body: string, type = 'application/json'): ToolDeps {
    return { ...d, config: { ...d.config, token }, send: async () => ({ status: 200, ok: true, headers: new Headers({ 'content-type': type }), text: body, retries: 0 }) };
  }

  it.each(tokens)('an echoed token %j appears in no form, in the structure or the text', async (token) => {
    const body = JSON.stringify({ echo: token, [token]: [`Bearer ${token}`], nested: { encoded: encodeURIComponent(token) } });
    const r = await execute.handle({ operationId: 'list-gadgets' }, echoing(toolDeps(rig), token, body));
    const all = `${text(r)}\n${JSON.stringify(r.structuredContent)}`;
    for (const f of forms(token)) expect(all).not.toContain(f);
  });

  it.each(tokens)('a cut that falls inside an echoed token %j leaves none of it', async (token) => {
    const maxResponseTokens = 100;
    const body = `${'x'.repeat(maxResponseTokens * 3 - 8)}${token}${'y'.repeat(50)}`;
    const d = toolDeps(rig, { maxResponseTokens });
    const r = await execute.handle({ operationId: 'list-gadgets' }, echoing(d, token, body, 'text/plain'));
    const all = `${text(r)}\n${JSON.stringify(r.structuredContent)}`;
    for (const f of forms(token)) expect(all).not.toContain(f);
  });

  it('a token with a quote and a backslash, echoed by a real upstream, is redacted', async () => {
    const token = 'kpat_real"up\\stream0123456789';
    rig.upstream.handle((req, res) => json(res, 200, { seen: req.headers.authorization }));
    const d = toolDeps(rig, { token }, { token });
    const r = await execute.handle({ operationId: 'list-gadgets' }, d);
    expect(rig.upstream.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
    const all = `${text(r)}\n${JSON.stringify(r.structuredContent)}`;
    for (const f of forms(token)) expect(all).not.toContain(f);
  });
});

describe('Retry-After that cannot be used', () => {
  it.each(['soon', 'Infinity', '-5'])('Retry-After: %s gets the normal backoff, not the 30 s cap', async (value) => {
    rig.upstream.handle((_req, res) => (rig.upstream.requests.length === 1 ? json(res, 429, {}, { 'retry-after': value }) : json(res, 200, { data: [] })));
    const r = await execute.handle({ operationId: 'list-gadgets' }, toolDeps(rig));
    expect(r.structuredContent).toMatchObject({ status: 200, retries: 1 });
  }, 10_000);
});

describe('header values', () => {
  it('U+2028 in a header value is refused before sending, not a network error', async () => {
    const r = await execute.handle({ operationId: 'file-ref', headers: { 'X-Note': 'a\u2028b' } }, toolDeps(rig));
    expect(text(r)).toMatch(/^\[HEADER\] header "X-Note" has a character other than visible ASCII/);
    expect(rig.upstream.requests).toEqual([]);
  });
});

