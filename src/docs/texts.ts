// Section texts live outside the index (docs-texts.txt) and are read by byte range when a snippet or a reading needs them.
import { openSync, readSync } from 'node:fs';
import type { TextSource } from './types.js';

/** No section is near this; a larger range means a damaged index. */
const MAX_READ = 4 * 1024 * 1024;

/** Reads ranges of the texts file, opening it on first use and keeping it open. */
export function fileTextSource(path: string): TextSource {
  let fd: number | undefined;
  return (start, length) => {
    if (length <= 0) return '';
    if (length > MAX_READ || start < 0) throw new RangeError(`docs texts: range ${start}+${length} out of bounds`);
    fd ??= openSync(path, 'r');
    const buf = Buffer.allocUnsafe(length);
    const n = readSync(fd, buf, 0, length, start);
    return buf.toString('utf8', 0, n);
  };
}

/** Texts held in memory (tests, tuning). */
export function memoryTextSource(texts: string): TextSource {
  const buf = Buffer.from(texts, 'utf8');
  return (start, length) => buf.toString('utf8', start, start + length);
}
