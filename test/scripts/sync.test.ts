import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChecksumError, sha256, syncSources, type SourceEntry } from '../../scripts/lib/sync.js';

async function setup(): Promise<{ mirror: string; dest: string; entry: SourceEntry }> {
  const root = await mkdtemp(join(tmpdir(), 'konnect-sync-'));
  const mirror = join(root, 'mirror');
  await mkdir(join(mirror, 'konnect/widgets/v1'), { recursive: true });
  await writeFile(join(mirror, 'konnect/widgets/v1/openapi.yaml'), 'openapi: 3.0.3\n');
  const entry = { mirrorPath: 'konnect/widgets/v1/openapi.yaml', target: 'widgets/v1/openapi.yaml', url: 'https://example.invalid/openapi.yaml', sha256: sha256('openapi: 3.0.3\n') };
  return { mirror, dest: join(root, 'dest'), entry };
}

describe('syncSources', () => {
  it('copies from the mirror and verifies the checksum', async () => {
    const { mirror, dest, entry } = await setup();
    const stats = await syncSources([entry], { mirror, dest });
    expect(stats).toEqual({ copied: 1, downloaded: 0, kept: 0 });
    expect(await readFile(join(dest, entry.target), 'utf8')).toBe('openapi: 3.0.3\n');
    expect(await syncSources([entry], { mirror, dest })).toEqual({ copied: 0, downloaded: 0, kept: 1 });
  });

  it('downloads the pinned URL when there is no mirror', async () => {
    const { dest, entry } = await setup();
    const urls: string[] = [];
    const fetchFile = async (url: string) => {
      urls.push(url);
      return Buffer.from('openapi: 3.0.3\n');
    };
    expect(await syncSources([entry], { mirror: undefined, dest, fetchFile })).toEqual({ copied: 0, downloaded: 1, kept: 0 });
    expect(urls).toEqual([entry.url]);
  });

  it('fails loudly on a checksum mismatch and writes nothing', async () => {
    const { mirror, dest, entry } = await setup();
    const bad = { ...entry, sha256: '0'.repeat(64) };
    await expect(syncSources([bad], { mirror, dest })).rejects.toThrow(ChecksumError);
    await expect(syncSources([bad], { mirror, dest })).rejects.toThrow(/widgets\/v1\/openapi\.yaml: expected sha256 0{64}, got [0-9a-f]{64}/);
    await expect(readFile(join(dest, entry.target))).rejects.toThrow(/ENOENT/);
  });
});

describe('specs/sources.json', () => {
  it('pins all 30 specs of the mirror manifest with upstream URLs at one commit', async () => {
    const sources = JSON.parse(await readFile('specs/sources.json', 'utf8')) as { commit: string; specs: { api: string; folder: string; url: string; sha256: string }[] };
    expect(sources.specs).toHaveLength(30);
    for (const s of sources.specs) {
      expect(s.url).toContain(`/Kong/developer.konghq.com/${sources.commit}/api-specs/konnect/${s.api}/`);
      expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe('syncSources concurrency', () => {
  it('keeps at most `concurrency` downloads in flight', async () => {
    const { dest } = await setup();
    const entries = Array.from({ length: 20 }, (_, i) => ({ mirrorPath: `x/${i}`, target: `f${i}.txt`, url: `https://example.invalid/${i}`, sha256: sha256(`file ${i}`) }));
    let inFlight = 0;
    let peak = 0;
    const fetchFile = async (url: string) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return Buffer.from(`file ${url.split('/').pop()}`);
    };
    expect(await syncSources(entries, { mirror: undefined, dest, fetchFile, concurrency: 4 })).toEqual({ copied: 0, downloaded: 20, kept: 0 });
    expect(peak).toBe(4);
  });
});
