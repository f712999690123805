// Build step: pinned Kong docs (specs/docs-sources.json, materialized in .cache/docs) -> dist/docs/docs.json and the section texts.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildDocsData } from '../src/docs/build/build.js';
import { renderCorpus } from '../src/docs/build/corpus.js';
import { DOCS_TEXTS_FILE } from '../src/docs/types.js';
import { pinnedDocs } from './lib/docs-sources.js';

const out = process.argv[2] ?? 'dist/docs';
const { sources, read } = await pinnedDocs('build-docs');
const pages = renderCorpus(sources.files, { parseYaml: (text) => parse(text), read, warn: (m) => console.error(`build-docs: ${m}`) });
const { data, texts } = buildDocsData(pages);
await mkdir(out, { recursive: true });
// ASCII only (other characters as \u escapes): the text decodes to a one-byte string, half the memory and faster to parse.
const json = JSON.stringify(data).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
await writeFile(join(out, 'docs.json'), json);
await writeFile(join(out, DOCS_TEXTS_FILE), texts);
const mb = (n: number): string => (n / 1e6).toFixed(1);
console.error(`build-docs: ${data.pages.length} pages, ${data.sections.length} sections, index ${mb(json.length)} MB, texts ${mb(Buffer.byteLength(texts))} MB -> ${out}`);
