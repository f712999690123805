// Build step: Kong docs pages -> dist/docs/docs.json (first version: front matter title and description).
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { parse } from 'yaml';
import { DOCS_OPTIONS, type DocSection } from '../src/docs/index.js';

const out = process.argv[2] ?? 'dist/docs';
const mirror = process.env.KONNECT_DOCS_MIRROR ?? '../shared/docs';
const sections: DocSection[] = [];
if (existsSync(join(mirror, 'MANIFEST.tsv'))) {
  const rows = (await readFile(join(mirror, 'MANIFEST.tsv'), 'utf8')).trim().split('\n').slice(2);
  for (const row of rows) {
    const [path, , url] = row.split('\t');
    if (!path || !url || !path.endsWith('.md')) continue;
    const text = await readFile(join(mirror, path), 'utf8');
    const fm = /^---\n([\s\S]*?)\n---/.exec(text);
    let meta: Record<string, unknown> = {};
    try {
      meta = (fm ? parse(fm[1]!) : {}) as Record<string, unknown>;
    } catch {
      // leave meta empty
    }
    sections.push({ id: url, title: String(meta.title ?? path), url, section: '', text: String(meta.description ?? '') });
  }
} else {
  console.error(`build-docs: no docs mirror at ${mirror}; writing an empty index`);
}
const ms = new MiniSearch<DocSection>(DOCS_OPTIONS);
ms.addAll(sections);
await mkdir(out, { recursive: true });
await writeFile(join(out, 'docs.json'), JSON.stringify({ formatVersion: 1, index: ms.toJSON() }));
console.error(`build-docs: ${sections.length} sections -> ${out}`);
