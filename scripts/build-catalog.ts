// Build step: specs/<api>/<folder>/openapi.yaml (+ the pinned docs and the questions' words, as search evidence) ->
// dist/catalog/{catalog.json, specs/*.json}. tsx scripts/build-catalog.ts [out] [--asked words.json]
import SwaggerParser from '@apidevtools/swagger-parser';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { OpenAPIV3 } from 'openapi-types';
import { parse } from 'yaml';
import { compareVersions, extractApi } from '../src/catalog/extract.js';
import { renderCorpus } from '../src/docs/build/corpus.js';
import { buildEvidence } from '../src/search/evidence.js';
import { buildIndex } from '../src/search/index.js';
import { buildPluginTable } from '../src/search/plugin-table.js';
import { bundledVocabulary } from '../src/search/vocabulary.js';
import { ASKED_WORDS_FILE, askedField } from './lib/asked-words.js';
import { pinnedDocs } from './lib/docs-sources.js';
import { buildVerbList } from './lib/verb-list.js';
import { buildWordTable } from './lib/word-table.js';
import { operationKey, CATALOG_FORMAT_VERSION, type ApiEntry, type CatalogData, type Operation } from '../src/catalog/types.js';

interface SpecSource { api: string; folder: string; infoVersion: string }

const args = process.argv.slice(2);
const askedAt = args.indexOf('--asked');
const askedFile = askedAt >= 0 ? args.splice(askedAt, 2)[1] ?? ASKED_WORDS_FILE : ASKED_WORDS_FILE;
const out = args[0] ?? 'dist/catalog';
const sources = (JSON.parse(await readFile('specs/sources.json', 'utf8')) as { specs: SpecSource[] }).specs;

const newest = new Map<string, SpecSource>();
for (const s of sources) {
  const cur = newest.get(s.api);
  if (!cur || compareVersions(s.infoVersion, cur.infoVersion) > 0) newest.set(s.api, s);
}

const apis: ApiEntry[] = [];
let operations: Operation[] = [];
for (const s of sources) {
  const file = join('specs', s.api, s.folder, 'openapi.yaml');
  const doc = (await SwaggerParser.parse(file)) as OpenAPIV3.Document;
  const specFile = `specs/${s.api}/${s.folder}.json`;
  await mkdir(dirname(join(out, specFile)), { recursive: true });
  await writeFile(join(out, specFile), JSON.stringify(doc));
  const latest = newest.get(s.api) === s;
  const extracted = extractApi(doc, { api: s.api, folder: s.folder, specFile, source: 'bundled', latest });
  apis.push(extracted.api);
  operations = operations.concat(extracted.operations);
}

const titles = new Map(apis.map((a) => [a.key, a.title]));
const latestOps = operations.filter((op) => op.latest);

// Search evidence from the same rendered pages the docs build indexes (the docs build syncs them too; cheap when intact).
const { sources: docsSources, read } = await pinnedDocs('build-catalog');
const pages = renderCorpus(docsSources.files, { parseYaml: (text) => parse(text), read });
const raw = docsSources.files.flatMap((f) => (f.url && f.path.endsWith('.md') ? [{ url: f.url, text: read(f.path) ?? '' }] : []));
const evidence = buildEvidence(latestOps, apis, { pages, raw }, bundledVocabulary().stop);
// The words people use for each operation, from the tuning questions (npm run train:asked; train:reorder passes
// --asked with some questions left out).
const asked = askedField(JSON.parse(await readFile(askedFile, 'utf8')), latestOps, operationKey);
// What each gateway plugin is for, from its page: queries that describe a plugin's job create that plugin.
const plugins = buildPluginTable(pages, raw, (text) => parse(text));
// Word vectors for the operations' words and common English ones (embed.ts).
const wordTable = buildWordTable(operations);
// English verbs, for requests that open with a verb the vocabulary does not know (verbs.ts).
const verbs = buildVerbList();
// Where each API is served tells whose it is (products.ts): the organization's (global host) or a portal developer's
// (the portal's own domain).
const served = (test: (a: ApiEntry) => boolean): string[] => [...new Set(apis.filter((a) => a.latest && test(a)).map((a) => a.api))];
const hosts = { global: served((a) => a.host.kind === 'global' || a.host.global === true), custom: served((a) => a.host.kind === 'custom') };
const index = buildIndex(latestOps, (k) => titles.get(k) ?? '', { evidence, asked, plugins, wordTable, verbs, hosts });
const data: CatalogData = { formatVersion: CATALOG_FORMAT_VERSION, apis, operations, index: index.toJSON() };
await writeFile(join(out, 'catalog.json'), JSON.stringify(data));
console.error(`build-catalog: ${apis.length} specs, ${operations.length} operations (${latestOps.length} in the newest versions, ${evidence.size} with docs evidence, ${asked.size} with questions' words, ${plugins.length} plugins, ${wordTable.words.split(' ').length} word vectors, ${verbs.usually.split(' ').length + verbs.also.split(' ').length} verbs) -> ${out}`);
