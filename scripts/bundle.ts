// Build step: bundles src/ into a few ESM files under dist/ (dependencies stay external). Fewer modules to
// resolve and read is most of what separates our startup from a hello-world server's.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

const out = 'dist';
// Chunk names carry hashes, so drop the previous build's code first (data folders stay).
for (const f of await readdir(out).catch(() => [] as string[])) {
  if (f.endsWith('.js') || f.endsWith('.js.map')) await rm(join(out, f));
}
const result = await build({
  entryPoints: ['src/cli.ts'],
  outdir: out,
  bundle: true,
  splitting: true, // keeps the lazily imported parts (catalog, docs, the HTTP client, ajv users, subcommands) out of startup
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  packages: 'external',
  metafile: true,
  logLevel: 'warning',
});
const files = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'));
console.error(`bundle: ${files.length} files -> ${out}`);
