// npm pack / publish: `strip` (prepack) writes the manifest users install, without the dev scripts (prepare, pretest, …)
// that point at files the tarball does not ship; `restore` (postpack) puts the working package.json back.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';

const MANIFEST = 'package.json';
const BACKUP = '.cache/package.json.prepack';
/** What the server reads at runtime; packing without them would publish a package that cannot start. */
const BUILT = ['dist/cli.js', 'dist/catalog/catalog.json', 'dist/docs', 'dist/tool-schemas.json'];

async function strip(): Promise<void> {
  // A pack that died between prepack and postpack left the stripped file in place: start from the saved one.
  if (existsSync(BACKUP)) await rename(BACKUP, MANIFEST);
  const missing = BUILT.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`${missing.join(', ')} missing: run npm ci (or npm run build) before packing`);
  const text = await readFile(MANIFEST, 'utf8');
  const manifest = JSON.parse(text) as Record<string, unknown>;
  delete manifest.scripts;
  await mkdir('.cache', { recursive: true });
  await writeFile(BACKUP, text);
  await writeFile(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
}

async function restore(): Promise<void> {
  if (existsSync(BACKUP)) await rename(BACKUP, MANIFEST);
}

const step = process.argv[2];
try {
  if (step === 'strip') await strip();
  else if (step === 'restore') await restore();
  else throw new Error(`usage: publish-manifest.ts strip|restore (got ${step ?? 'nothing'})`);
} catch (err) {
  console.error(`publish-manifest: ${(err as Error).message}`);
  process.exit(1);
}
