// npm run docs:sync: materializes the pinned Kong docs under .cache/docs from the mirror or the pinned URLs.
import { docsMirror, readDocsSources, syncDocs, DOCS_CACHE_DIR } from './lib/docs-sources.js';

try {
  const sources = await readDocsSources();
  const stats = await syncDocs(sources, { mirror: docsMirror(process.env.KONNECT_DOCS_MIRROR) });
  console.error(`docs:sync ${sources.files.length} files -> ${DOCS_CACHE_DIR} (copied ${stats.copied}, downloaded ${stats.downloaded}, already in place ${stats.kept})`);
} catch (err) {
  console.error(`docs:sync failed: ${(err as Error).message}`);
  process.exit(1);
}
