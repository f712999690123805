import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ChecksumError, DownloadError, sha256, syncSources, type SourceEntry } from '../../scripts/lib/sync.js';
import { runProcess } from '../helpers/run-bin.js';
import { startServer } from '../helpers/http-server.js';

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

/** A loopback URL nothing listens on: the download fails at once, with no network involved. */
async function closedUrl(path: string): Promise<string> {
  const server = await startServer();
  const url = `${server.url}${path}`;
  await server.close();
  return url;
}

describe('syncSources without a mirror or network', () => {
  it('names each file it could not get, its URL, the reason and the mirror variable, and writes nothing', async () => {
    const { dest, entry } = await setup();
    const url = await closedUrl('/specs/widgets.yaml');
    const err = await syncSources([{ ...entry, url }], { mirror: undefined, dest, mirrorHelp: { variable: 'KONNECT_SPECS_MIRROR', sibling: '../shared/specs' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    const message = (err as Error).message;
    expect(message).toContain(`could not get 1 of 1 file(s): no mirror is set, and the download failed:\n  widgets/v1/openapi.yaml from ${url}: fetch failed (`);
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).toContain('point KONNECT_SPECS_MIRROR at a folder laid out like ../shared/specs (or place a shared/ folder beside this checkout');
    await expect(readFile(join(dest, entry.target))).rejects.toThrow(/ENOENT/);
  });
});

describe('syncSources downloading from a real local server', () => {
  it('downloads a 200 and names each non-2xx answer with its status, writing only the good file', async () => {
    const { dest } = await setup();
    const server = await startServer((req, res) => {
      if (req.url === '/ok.yaml') return void res.writeHead(200, { 'content-type': 'text/yaml' }).end('openapi: 3.0.3\n');
      if (req.url === '/gone.yaml') return void res.writeHead(404).end('no such file');
      res.writeHead(503).end('try later');
    });
    try {
      const entry = (name: string): SourceEntry => ({ mirrorPath: `x/${name}`, target: name, url: `${server.url}/${name}`, sha256: sha256('openapi: 3.0.3\n') });
      const err = await syncSources([entry('ok.yaml'), entry('gone.yaml'), entry('busy.yaml')], { mirror: undefined, dest }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DownloadError);
      const message = (err as Error).message;
      expect(message).toContain(`could not get 2 of 3 file(s): no mirror is set, and the download failed:\n  busy.yaml from ${server.url}/busy.yaml: HTTP 503 Service Unavailable\n  gone.yaml from ${server.url}/gone.yaml: HTTP 404 Not Found\n`);
      expect(await readFile(join(dest, 'ok.yaml'), 'utf8')).toBe('openapi: 3.0.3\n');
      await expect(readFile(join(dest, 'gone.yaml'))).rejects.toThrow(/ENOENT/);
      await expect(readFile(join(dest, 'busy.yaml'))).rejects.toThrow(/ENOENT/);
      expect(server.requests.map((r) => r.url).sort()).toEqual(['/busy.yaml', '/gone.yaml', '/ok.yaml']);
    } finally {
      await server.close();
    }
  });
});

describe('npm run specs:sync and docs:sync from a clone without ../shared and without network', () => {
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  const tsx = join(repo, 'node_modules', '.bin', 'tsx');

  it.each([
    ['specs', 'scripts/sync-specs.ts', 'KONNECT_SPECS_MIRROR', '../shared/specs'],
    ['docs', 'scripts/sync-docs.ts', 'KONNECT_DOCS_MIRROR', '../shared/docs'],
  ])('%s: fails naming the file, its URL and the mirror variable', async (kind, script, variable, sibling) => {
    const clone = await mkdtemp(join(tmpdir(), 'konnect-clone-'));
    await mkdir(join(clone, 'specs'));
    const url = await closedUrl(`/${kind}/file.yaml`);
    if (kind === 'specs') {
      const spec = { api: 'widgets', folder: 'v1', path: 'konnect/widgets/v1/openapi.yaml', url, sha256: '0'.repeat(64) };
      await writeFile(join(clone, 'specs', 'sources.json'), JSON.stringify({ specs: [spec] }));
    } else {
      const docs = { source: 'x', commit: 'c', license: 'MIT', rawBase: url.replace(/file\.yaml$/, ''), files: [{ path: 'file.yaml', url: '', sha256: '0'.repeat(64) }] };
      await writeFile(join(clone, 'specs', 'docs-sources.json'), JSON.stringify(docs));
    }
    const res = await runProcess(tsx, [join(repo, script)], { PATH: process.env.PATH ?? '' }, clone);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`${kind}:sync failed: could not get 1 of 1 file(s)`);
    expect(res.stderr).toContain(url);
    expect(res.stderr).toContain(`point ${variable} at a folder laid out like ${sibling}`);
  });
});
