// The pinned Kong docs files (specs/docs-sources.json) and their materialization under .cache/docs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { syncSources, type SourceEntry, type SyncOptions } from './sync.js';

export const DOCS_SOURCES_FILE = 'specs/docs-sources.json';
export const DOCS_CACHE_DIR = '.cache/docs';

export interface DocsSourceFile {
  /** Path in the source repository (and in the mirror). */
  path: string;
  /** Public page URL, '' for partials, data files and the licence. */
  url: string;
  sha256: string;
}

export interface DocsSources {
  source: string;
  commit: string;
  license: string;
  /** Download base: rawBase + path is the file at the pinned commit. */
  rawBase: string;
  files: DocsSourceFile[];
}

export async function readDocsSources(file = DOCS_SOURCES_FILE): Promise<DocsSources> {
  return JSON.parse(await readFile(file, 'utf8')) as DocsSources;
}

/** The mirror to copy from: KONNECT_DOCS_MIRROR, else ../shared/docs when present, else none (download). */
export function docsMirror(env: string | undefined): string | undefined {
  return env ?? (existsSync('../shared/docs') ? '../shared/docs' : undefined);
}

/** Copies or downloads every pinned file into `dest`, verifying each sha256. */
export async function syncDocs(sources: DocsSources, opts: Omit<SyncOptions, 'dest'> & { dest?: string }) {
  const entries: SourceEntry[] = sources.files.map((f) => ({ mirrorPath: f.path, target: f.path, url: sources.rawBase + f.path, sha256: f.sha256 }));
  return syncSources(entries, { mirrorHelp: { variable: 'KONNECT_DOCS_MIRROR', sibling: '../shared/docs' }, ...opts, dest: opts.dest ?? DOCS_CACHE_DIR });
}

/**
 * The pinned docs for a build step: synced into the cache (cheap when it is intact, and it makes `npm run build`
 * work from a clean clone), or the step exits with the reason; then a reader of the cached files.
 */
export async function pinnedDocs(step: string): Promise<{ sources: DocsSources; read: (path: string) => string | undefined }> {
  const sources = await readDocsSources();
  try {
    await syncDocs(sources, { mirror: docsMirror(process.env.KONNECT_DOCS_MIRROR) });
  } catch (err) {
    console.error(`${step}: ${(err as Error).message}`);
    process.exit(1);
  }
  const read = (path: string): string | undefined => {
    const file = join(DOCS_CACHE_DIR, path);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
  return { sources, read };
}
