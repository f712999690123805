// Item 10 of the security review: a user spec (--spec) is untrusted too: $ref cycles, $refs to files and URLs,
// and a POST that calls itself a search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as execute from '../../src/tools/execute.js';
import * as getSchema from '../../src/tools/get-schema.js';
import type { ToolResult } from '../../src/tools/result.js';
import { expectUntouched, protoKeys, startRig, toolDeps, type Rig } from './hostile.js';

let rig: Rig;
let before: string[];

beforeAll(async () => {
  before = protoKeys();
  rig = await startRig();
});
afterAll(async () => {
  expectUntouched(before, rig);
  await rig.close();
});

const text = (r: ToolResult): string => r.content[0]?.text ?? '';

describe('$ref cycles that never step into the data', () => {
  it.each([
    ['loop-pair', { any: 1 }],
    ['loop-allof', { name: 'x' }],
    ['loop-oneof', '"x"'],
  ])('%s validates and previews in a dry run instead of overflowing the stack', async (operationId, body) => {
    const r = await execute.handle({ operationId, body, dryRun: true }, toolDeps(rig));
    expect(text(r)).not.toMatch(/INTERNAL|stack/i);
    expect(r.structuredContent).toMatchObject({ dryRun: true, method: 'POST' });
  });

  it('still checks what the cycle does not cut (allOf itself plus a typed property)', async () => {
    const r = await execute.handle({ operationId: 'loop-allof', body: { name: 1 }, dryRun: true }, toolDeps(rig));
    expect(text(r)).toMatch(/^\[VALIDATION\].*\n- body.name: must be string/);
  });
});

describe('$refs to files and URLs are not followed', () => {
  it('get_schema shows them as missing and never the file they point at', async () => {
    const r = await getSchema.handle({ operationId: 'file-ref' }, toolDeps(rig));
    expect(r.isError).toBeFalsy();
    expect(text(r)).not.toContain('SECRET-FILE-MARKER');
    expect(text(r)).not.toContain('root:');
    expect(text(r)).toContain('"$missing":"/etc/passwd"');
  });
});

describe('read-only mode and user specs', () => {
  it('a user-spec POST named "Search and purge the cache" is a write', async () => {
    // A dry run sends nothing, so it shows the preview marked as refused; a real call is refused outright.
    const dry = await execute.handle({ operationId: 'search-and-purge', dryRun: true }, toolDeps(rig, { readOnly: true }));
    expect((dry.structuredContent as { refused?: string }).refused).toMatch(/would be refused: read-only/);
    const r = await execute.handle({ operationId: 'search-and-purge' }, toolDeps(rig, { readOnly: true }));
    expect(text(r)).toMatch(/^\[READ_ONLY\] search-and-purge/);
  });

  it('a user-spec POST marked x-konnect-mcp-read: true is a read', async () => {
    const r = await execute.handle({ operationId: 'query-reports', dryRun: true }, toolDeps(rig, { readOnly: true }));
    expect(r.structuredContent).toMatchObject({ dryRun: true, method: 'POST' });
  });
});
