// npm run specs:sync: materializes specs/<api>/<folder>/openapi.yaml from the mirror or the pinned URLs.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { syncSources, type SourceEntry } from './lib/sync.js';

interface SpecSource { api: string; folder: string; path: string; url: string; sha256: string }

const sources = JSON.parse(await readFile('specs/sources.json', 'utf8')) as { specs: SpecSource[] };
const mirror = process.env.KONNECT_SPECS_MIRROR ?? (existsSync('../shared/specs') ? '../shared/specs' : undefined);
const entries: SourceEntry[] = sources.specs.map((s) => ({
  mirrorPath: s.path,
  target: `${s.api}/${s.folder}/openapi.yaml`,
  url: s.url,
  sha256: s.sha256,
}));
try {
  const stats = await syncSources(entries, { mirror, dest: 'specs', mirrorHelp: { variable: 'KONNECT_SPECS_MIRROR', sibling: '../shared/specs' } });
  console.error(`specs:sync ${entries.length} specs (copied ${stats.copied}, downloaded ${stats.downloaded}, already in place ${stats.kept})`);
} catch (err) {
  console.error(`specs:sync failed: ${(err as Error).message}`);
  process.exit(1);
}
