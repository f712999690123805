// Regenerates specs/docs-sources.json from a docs mirror's MANIFEST.tsv. Maintainer tool; run when bumping the pinned commit.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256 } from './lib/sync.js';
import { DOCS_SOURCES_FILE, type DocsSources } from './lib/docs-sources.js';

const mirror = process.argv[2] ?? process.env.KONNECT_DOCS_MIRROR ?? '../shared/docs';
const lines = (await readFile(join(mirror, 'MANIFEST.tsv'), 'utf8')).trim().split('\n');
const head = /^#\s*source:\s*https:\/\/github\.com\/(\S+)\s+commit\s+([0-9a-f]{40})/.exec(lines[0] ?? '');
if (!head) throw new Error(`MANIFEST.tsv line 1 should name the source repository and commit, got: ${lines[0]}`);
const [, repo, commit] = head as unknown as [string, string, string];
const files: DocsSources['files'] = [];
for (const row of lines.slice(2)) {
  const [path, , url] = row.split('\t');
  if (!path) throw new Error(`bad MANIFEST row: ${row}`);
  files.push({ path, url: url ?? '', sha256: sha256(await readFile(join(mirror, path))) });
}
files.sort((a, b) => a.path.localeCompare(b.path));
const out: DocsSources = {
  source: repo,
  commit,
  license: 'MIT (Kong/developer.konghq.com)',
  rawBase: `https://raw.githubusercontent.com/${repo}/${commit}/`,
  files,
};
await writeFile(DOCS_SOURCES_FILE, JSON.stringify(out, null, 1) + '\n');
console.error(`wrote ${DOCS_SOURCES_FILE} with ${files.length} files`);
