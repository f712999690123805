import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeTraces } from '../../src/traces/index.js';
import { DEFAULT_LIMITS, readTraceFile } from '../../src/traces/read.js';
import { traceDocument, zip } from '../helpers/traces.js';

const SECRET = 'SECRET-CONTENT-7f3a';
const good = JSON.stringify(traceDocument(9, { 'http.response.status_code': 200 }, [{ name: 'kong.read_headers_from_upstream', ms: 5 }], 'otlp'));

let dir: string;
const file = (name: string, data: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};

/** The refusal's message, checked to carry nothing of the file. */
async function refusal(input: Parameters<typeof analyzeTraces>[0], limits = DEFAULT_LIMITS): Promise<string> {
  const err = await analyzeTraces(input, limits).then(
    () => undefined,
    (e: unknown) => e as Error & { code?: string },
  );
  expect(err, 'expected a refusal').toBeDefined();
  expect(err?.message).not.toContain(SECRET);
  expect(err?.message).not.toContain('evil');
  return err?.message ?? '';
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'konnect-trace-read-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trace files that are refused', () => {
  it('a file that is not .json or .zip is not opened', async () => {
    const msg = await refusal({ path: file('trace.txt', SECRET) });
    expect(msg).toMatch(/is not a \.json or \.zip file/);
  });

  it('malformed JSON says so without quoting it', async () => {
    expect(await refusal({ path: file('bad.json', `{"resourceSpans": ${SECRET}`) })).toMatch(/is not valid JSON/);
    expect(await refusal({ trace: `[${SECRET}` })).toMatch(/the inline trace is not valid JSON/);
  });

  it('JSON of another shape lists the accepted shapes', async () => {
    const msg = await refusal({ path: file('other.json', JSON.stringify({ hello: SECRET })) });
    expect(msg).toMatch(/not in a trace shape this tool reads\. Accepted: OTLP\/JSON/);
    expect(await refusal({ trace: [] })).toMatch(/Accepted: OTLP\/JSON/);
    expect(await refusal({ trace: { resourceSpans: [] } })).toMatch(/holds no spans/);
  });

  it('a zip with a path traversal or absolute entry is refused whole', async () => {
    const traversal = file('traversal.zip', zip([{ name: 'ok.json', data: good }, { name: '../evil.json', data: good }]));
    expect(await refusal({ path: traversal })).toMatch(/entry \(#2\) whose name points outside the archive/);
    const absolute = file('absolute.zip', zip([{ name: '/tmp/evil.json', data: good }]));
    expect(await refusal({ path: absolute })).toMatch(/points outside the archive/);
  });

  it('a zip entry that is a symbolic link is refused, and so is a link passed as the path', async () => {
    const link = file('link-entry.zip', zip([{ name: 'evil.json', data: '/etc/passwd', symlink: true, method: 0 }]));
    expect(await refusal({ path: link })).toMatch(/symbolic link, which is never followed/);
    const real = file('real.json', good);
    const alias = join(dir, 'alias.json');
    symlinkSync(real, alias);
    expect(await refusal({ path: alias })).toMatch(/is a symbolic link, which is not followed/);
  });

  it('a file over 100 MB is refused before it is read (sparse file)', async () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, DEFAULT_LIMITS.maxBytes + 1);
    expect(await refusal({ path: big })).toMatch(/is 104857601 bytes, over the 100 MB limit/);
  });

  it('a zip unpacking past the limit is refused, even when its header claims a small size', async () => {
    const limits = { ...DEFAULT_LIMITS, maxBytes: 4096 };
    const honest = file('honest.zip', zip([{ name: 'a.json', data: `[${' '.repeat(10_000)}]` }]));
    expect(await refusal({ path: honest }, limits)).toMatch(/unpacks to more than/);
    const lying = file('lying.zip', zip([{ name: 'a.json', data: `[${' '.repeat(10_000)}]`, claimedSize: 10 }]));
    expect(await refusal({ path: lying }, limits)).toMatch(/unpacks to more than|not a readable zip archive/);
  });

  it('a zip listing too many entries, one with no JSON and a file that is not a zip are refused', async () => {
    const many = file('many.zip', zip(Array.from({ length: 6 }, (_, i) => ({ name: `t${i}.json`, data: good }))));
    expect(await refusal({ path: many }, { ...DEFAULT_LIMITS, maxEntries: 5 })).toMatch(/lists 6 entries, over the limit of 5/);
    expect(await refusal({ path: file('empty.zip', zip([{ name: 'notes.txt', data: SECRET }])) })).toMatch(/holds no \.json file/);
    expect(await refusal({ path: file('fake.zip', SECRET.repeat(20)) })).toMatch(/is not a readable zip archive/);
  });

  it('a missing file, or both path and trace, get a next step', async () => {
    expect(await refusal({ path: join(dir, 'nope.json') })).toMatch(/no such file\. Check the path/);
    expect(await refusal({ path: file('x.json', good), trace: {} })).toMatch(/Pass either path .* or trace/);
    expect(await refusal({})).toMatch(/Pass either path/);
    expect(await refusal({ trace: '/tmp/session.zip' })).toMatch(/pass the file as path instead/);
  });
});

describe('readTraceFile', () => {
  it('reads every .json entry of a zip, stored or deflated, and skips other files', async () => {
    const p = file('mixed.zip', zip([{ name: 'a.json', data: good, method: 0 }, { name: 'dir/b.json', data: good }, { name: 'c.txt', data: 'x' }]));
    const { documents, skipped } = await readTraceFile(p);
    expect(documents).toHaveLength(2);
    expect(skipped).toBe(1);
  });
});
