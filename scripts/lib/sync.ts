// Materializes pinned upstream files with checksum verification. Build time only.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface SourceEntry {
  /** Path inside the mirror folder (and after the upstream commit in the URL). */
  mirrorPath: string;
  /** Where the file lands, relative to the destination folder. */
  target: string;
  url: string;
  sha256: string;
}

export interface SyncOptions {
  mirror: string | undefined;
  dest: string;
  fetchFile?: (url: string) => Promise<Buffer>;
  log?: (line: string) => void;
  /** Files in flight at once; a plain download of 1,600 docs files must not open 1,600 sockets. */
  concurrency?: number;
  /** How a user supplies the files without network, named when a download fails. */
  mirrorHelp?: MirrorHelp;
}

export interface MirrorHelp {
  /** The environment variable that points at a mirror, e.g. KONNECT_SPECS_MIRROR. */
  variable: string;
  /** The sibling folder used when present, e.g. ../shared/specs. */
  sibling: string;
}

async function mapLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export class ChecksumError extends Error {
  readonly code = 'CHECKSUM_MISMATCH';
}

/** Some files were neither in the mirror nor downloadable; the message says which, from where, and what to do. */
export class DownloadError extends Error {
  readonly code = 'DOWNLOAD_FAILED';
}

const SHOWN_FAILURES = 5;
const DOWNLOAD_TIMEOUT_MS = 60_000;

function downloadHelp(failed: string[], total: number, mirror: string | undefined, help: MirrorHelp | undefined): string {
  const shown = failed.slice(0, SHOWN_FAILURES);
  if (failed.length > SHOWN_FAILURES) shown.push(`... and ${failed.length - SHOWN_FAILURES} more`);
  const where = mirror ? `not in the mirror ${mirror} and` : 'no mirror is set, and';
  const supply = help
    ? `To build without network, point ${help.variable} at a folder laid out like ${help.sibling} (or place a shared/ folder beside this checkout, so that ${help.sibling} exists), then run npm ci again.`
    : 'Supply the files from a mirror folder, or allow the download.';
  return `could not get ${failed.length} of ${total} file(s): ${where} the download failed:\n  ${shown.join('\n  ')}\n${supply}`;
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

async function defaultFetch(url: string): Promise<Buffer> {
  const res = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
  return Buffer.from(await res.arrayBuffer());
}

/** `fetch failed` alone names nothing; its cause says connection refused, DNS, TLS or timeout. */
function reason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message !== message ? `${message} (${cause.message})` : message;
}

/** Copies or downloads every entry, verifying checksums; skips files already in place and intact. */
export async function syncSources(entries: SourceEntry[], opts: SyncOptions): Promise<{ copied: number; downloaded: number; kept: number }> {
  const fetchFile = opts.fetchFile ?? defaultFetch;
  const stats = { copied: 0, downloaded: 0, kept: 0 };
  const bad: string[] = [];
  const failed: string[] = [];
  await mapLimited(entries, opts.concurrency ?? 16, async (entry) => {
    const out = join(opts.dest, entry.target);
    if (existsSync(out) && sha256(await readFile(out)) === entry.sha256) {
      stats.kept++;
      return;
    }
    let data: Buffer;
    const local = opts.mirror ? join(opts.mirror, entry.mirrorPath) : undefined;
    if (local && existsSync(local)) {
      data = await readFile(local);
      stats.copied++;
    } else {
      try {
        data = await fetchFile(entry.url);
      } catch (err) {
        failed.push(`${entry.target} from ${entry.url}: ${reason(err)}`);
        return;
      }
      stats.downloaded++;
    }
    const got = sha256(data);
    if (got !== entry.sha256) {
      bad.push(`${entry.target}: expected sha256 ${entry.sha256}, got ${got} (from ${local && existsSync(local) ? local : entry.url})`);
      return;
    }
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, data);
  });
  if (failed.length > 0) throw new DownloadError(downloadHelp(failed.sort(), entries.length, opts.mirror, opts.mirrorHelp));
  if (bad.length > 0) {
    throw new ChecksumError(
      `checksum mismatch for ${bad.length} file(s):\n  ${bad.join('\n  ')}\n` +
        'The mirror or upstream changed. If the change is intended, regenerate the sources file; otherwise fix the mirror.',
    );
  }
  return stats;
}
