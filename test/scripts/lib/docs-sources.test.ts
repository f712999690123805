import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncDocs, type DocsSources } from '../../../scripts/lib/docs-sources.js';
import { sha256 } from '../../../scripts/lib/sync.js';

describe('syncDocs', () => {
  let dir: string;
  let sources: DocsSources;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docs-sync-'));
    await mkdir(join(dir, 'mirror/app/_support'), { recursive: true });
    const page = '---\ntitle: Fix it\n---\nBody\n';
    await writeFile(join(dir, 'mirror/app/_support/fix.md'), page);
    sources = {
      source: 'Kong/developer.konghq.com',
      commit: 'c'.repeat(40),
      license: 'MIT',
      rawBase: 'https://raw.example/Kong/c/',
      files: [{ path: 'app/_support/fix.md', url: 'https://developer.konghq.com/support/fix/', sha256: sha256(page) }],
    };
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('copies pinned files from the mirror to the same paths, then keeps them', async () => {
    const dest = join(dir, 'cache');
    expect(await syncDocs(sources, { mirror: join(dir, 'mirror'), dest })).toEqual({ copied: 1, downloaded: 0, kept: 0 });
    expect(await readFile(join(dest, 'app/_support/fix.md'), 'utf8')).toContain('title: Fix it');
    expect(await syncDocs(sources, { mirror: join(dir, 'mirror'), dest })).toEqual({ copied: 0, downloaded: 0, kept: 1 });
  });

  it('downloads from rawBase + path when there is no mirror', async () => {
    const urls: string[] = [];
    const fetchFile = (url: string): Promise<Buffer> => {
      urls.push(url);
      return readFile(join(dir, 'mirror/app/_support/fix.md'));
    };
    await syncDocs(sources, { mirror: undefined, dest: join(dir, 'cache'), fetchFile });
    expect(urls).toEqual(['https://raw.example/Kong/c/app/_support/fix.md']);
  });

  it('fails loudly and writes nothing when a checksum does not match', async () => {
    await writeFile(join(dir, 'mirror/app/_support/fix.md'), 'tampered');
    await expect(syncDocs(sources, { mirror: join(dir, 'mirror'), dest: join(dir, 'cache') })).rejects.toThrow(/checksum mismatch.*app\/_support\/fix\.md/s);
    await expect(readFile(join(dir, 'cache/app/_support/fix.md'))).rejects.toThrow();
  });
});
