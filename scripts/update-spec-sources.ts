// Regenerates specs/sources.json from a mirror's MANIFEST.tsv. Maintainer tool; run when bumping the pinned commit.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256 } from './lib/sync.js';

const mirror = process.argv[2] ?? process.env.KONNECT_SPECS_MIRROR ?? '../shared/specs';
const rows = (await readFile(join(mirror, 'MANIFEST.tsv'), 'utf8')).trim().split('\n').slice(1);
const specs = [];
for (const row of rows) {
  const [path, title, version, , operations, , repo, commit, sourcePath] = row.split('\t');
  if (!path || !repo || !commit || !sourcePath) throw new Error(`bad MANIFEST row: ${row}`);
  const parts = path.split('/'); // konnect/<api>/[<folder>/]openapi.yaml
  const api = parts[1]!;
  const folder = parts.length === 4 ? parts[2]! : 'current';
  specs.push({
    api,
    folder,
    title,
    infoVersion: version,
    operations: Number(operations),
    path,
    url: `https://raw.githubusercontent.com/${repo}/${commit}/${sourcePath}`,
    sha256: sha256(await readFile(join(mirror, path))),
  });
}
specs.sort((a, b) => a.api.localeCompare(b.api) || a.folder.localeCompare(b.folder));
const first = rows[0]!.split('\t');
const out = { source: first[6], commit: first[7], license: 'MIT (Kong/developer.konghq.com)', specs };
await writeFile('specs/sources.json', JSON.stringify(out, null, 2) + '\n');
console.error(`wrote specs/sources.json with ${specs.length} specs`);
