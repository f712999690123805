// Reads a Debugger trace download (.json, or .zip of .json files) within size, entry and time limits.
// Errors name the file and the rule broken, never its content.
import { constants } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ToolInputError } from '../errors.js';

export interface ReadLimits {
  /** Bytes of JSON read in total (a zip's entries unpacked). */
  maxBytes: number;
  /** Entries a zip may list. */
  maxEntries: number;
  deadlineMs: number;
}

export const DEFAULT_LIMITS: ReadLimits = { maxBytes: 100 * 1024 * 1024, maxEntries: 5000, deadlineMs: 60_000 };

export interface TraceDocument {
  /** Where it came from, for notes: the file, or "zip entry 3". */
  source: string;
  value: unknown;
}

export interface ReadResult {
  documents: TraceDocument[];
  /** Zip entries that are not .json files, left unread. */
  skipped: number;
}

const CODE = 'BAD_TRACE_FILE';
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function refuse(message: string): ToolInputError {
  return new ToolInputError(message, CODE);
}

/** The path as given, shortened, for messages. */
function shown(path: string): string {
  return JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}…` : path);
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 102.4) / 10} MB`;
}

/** Parses JSON text; the error says where, never what. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch {
    throw refuse(`${what} is not valid JSON. Pass the .json or .zip file downloaded from a Konnect Debugger session, unchanged.`);
  }
}

export async function readTraceFile(path: string, limits: ReadLimits = DEFAULT_LIMITS): Promise<ReadResult> {
  const ext = extname(path).toLowerCase();
  if (ext !== '.json' && ext !== '.zip') {
    throw refuse(`${shown(path)} is not a .json or .zip file. analyze_trace reads only trace downloads from Konnect's Debugger (.json or .zip).`);
  }
  const st = await lstat(path).catch((err: NodeJS.ErrnoException) => {
    throw refuse(`cannot read ${shown(path)}: ${err.code === 'ENOENT' ? 'no such file' : (err.code ?? 'unreadable')}. Check the path (relative paths start from the server's working directory).`);
  });
  if (st.isSymbolicLink()) throw refuse(`${shown(path)} is a symbolic link, which is not followed. Pass the path of the file itself.`);
  if (!st.isFile()) throw refuse(`${shown(path)} is not a regular file. Pass the downloaded .json or .zip file.`);
  if (st.size > limits.maxBytes) throw refuse(`${shown(path)} is ${st.size} bytes, over the ${mb(limits.maxBytes)} limit. Download a shorter session or fewer traces.`);

  // O_NOFOLLOW closes the gap between lstat and open: a link swapped in meanwhile fails to open.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch(() => {
    throw refuse(`cannot open ${shown(path)}. Check that it is a readable file, not a link.`);
  });
  const deadline = Date.now() + limits.deadlineMs;
  try {
    const fst = await handle.stat();
    if (!fst.isFile() || fst.size > limits.maxBytes) throw refuse(`${shown(path)} changed while it was being opened. Try again.`);
    if (ext === '.json') {
      const text = await readAll(handle, limits.maxBytes, deadline, shown(path));
      return { documents: [{ source: path, value: parseJson(text, shown(path)) }], skipped: 0 };
    }
    return await readZip(handle, shown(path), limits, deadline);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function readAll(handle: FileHandle, max: number, deadline: number, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    if (Date.now() > deadline) throw refuse(`reading ${name} took too long. Try a smaller download.`);
    const buf = Buffer.allocUnsafe(1 << 20);
    const { bytesRead } = await handle.read(buf, 0, buf.length, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > max) throw refuse(`${name} is over the ${mb(max)} limit. Download a shorter session or fewer traces.`);
    chunks.push(buf.subarray(0, bytesRead));
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

async function readZip(handle: FileHandle, name: string, limits: ReadLimits, deadline: number): Promise<ReadResult> {
  const notZip = (): ToolInputError => refuse(`${name} is not a readable zip archive. Pass the .zip downloaded from Konnect's Debugger, unchanged.`);
  const size = (await handle.stat()).size;
  const zip = await yauzl.fromRandomAccessReaderPromise(new HandleReader(handle), size, { autoClose: false, decodeStrings: false, validateEntrySizes: true }).catch(() => {
    throw notZip();
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      zip.close();
      reject(refuse(`reading ${name} took too long. Try a smaller download.`));
    }, Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([walkZip(zip, name, limits, notZip), timeout]);
  } finally {
    clearTimeout(timer);
    zip.close();
  }
}

/**
 * yauzl reads through our file handle, which we alone close: its own fd reader closes the descriptor on release,
 * which would close it twice.
 */
class HandleReader extends yauzl.RandomAccessReader {
  constructor(private readonly handle: FileHandle) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const handle = this.handle;
    return Readable.from(
      (async function* () {
        for (let pos = start; pos < end; ) {
          const buf = Buffer.allocUnsafe(Math.min(1 << 16, end - pos));
          const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
          if (bytesRead === 0) throw new Error('unexpected end of file');
          pos += bytesRead;
          yield buf.subarray(0, bytesRead);
        }
      })(),
      { objectMode: false },
    );
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    this.handle.read(buffer, offset, length, position).then(
      ({ bytesRead }) => callback(bytesRead === length ? null : new Error('unexpected end of file')),
      (err: Error) => callback(err),
    );
  }
}

async function walkZip(zip: yauzl.ZipFile, name: string, limits: ReadLimits, notZip: () => ToolInputError): Promise<ReadResult> {
  if (zip.entryCount > limits.maxEntries) throw refuse(`${name} lists ${zip.entryCount} entries, over the limit of ${limits.maxEntries}.`);
  const documents: TraceDocument[] = [];
  let skipped = 0;
  let budget = limits.maxBytes;
  let index = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      index += 1;
      const entryName = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      // Absolute names, drive letters, backslashes and ".." segments: refuse the whole archive.
      if (yauzl.validateFileName(entryName) !== null) {
        throw refuse(`${name} has an entry (#${index}) whose name points outside the archive (absolute or ".." path). The file is refused.`);
      }
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
        throw refuse(`${name} has an entry (#${index}) that is a symbolic link, which is never followed. The file is refused.`);
      }
      if (entryName.endsWith('/')) continue;
      if (!entryName.toLowerCase().endsWith('.json')) {
        skipped += 1;
        continue;
      }
      if (!entry.canDecodeFileData()) throw refuse(`${name} entry #${index} is encrypted or uses an unsupported compression method.`);
      if (entry.uncompressedSize > budget) throw refuse(`${name} unpacks to more than ${mb(limits.maxBytes)}. Download fewer traces.`);
      const stream = await zip.openReadStreamPromise(entry);
      const text = await readEntry(stream, budget, () => refuse(`${name} unpacks to more than ${mb(limits.maxBytes)}. Download fewer traces.`));
      budget -= Buffer.byteLength(text);
      documents.push({ source: `zip entry #${index}`, value: parseJson(text, `${name} entry #${index}`) });
    }
  } catch (err) {
    if (err instanceof ToolInputError) throw err;
    throw notZip();
  }
  if (documents.length === 0) throw refuse(`${name} holds no .json file. Pass the .zip downloaded from Konnect's Debugger.`);
  return { documents, skipped };
}

/** Counts bytes as they inflate: the header's size is a claim, not a limit. */
async function readEntry(stream: Readable, max: number, tooBig: () => ToolInputError): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > max) {
      stream.destroy();
      throw tooBig();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}
