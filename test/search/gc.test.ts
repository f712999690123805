import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { keepSearchGarbageYoung, NO_PRETENURING } from '../../src/search/gc.js';

describe('keepSearchGarbageYoung', () => {
  it('turns off allocation-site pretenuring', () => {
    const seen: string[] = [];
    keepSearchGarbageYoung((f) => seen.push(f));
    expect(seen).toEqual([NO_PRETENURING]);
  });

  it('names a flag the running Node accepts (V8 only warns on stderr about unknown ones)', () => {
    const script = `require('node:v8').setFlagsFromString(${JSON.stringify(NO_PRETENURING)}); process.stdout.write('set')`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
    expect(run.stdout).toBe('set');
    expect(run.stderr).toBe('');
  });

  it('would show an unknown flag on stderr, so the check above can fail', () => {
    const run = spawnSync(process.execPath, ['-e', "require('node:v8').setFlagsFromString('--no-such-v8-flag-at-all')"], { encoding: 'utf8', timeout: 10_000 });
    expect(run.stderr).toMatch(/unrecognized flag/);
  });
});
