import { loadDocsIndex } from '../src/docs/index.ts';
const d = await loadDocsIndex('dist/docs');
const r = d.read(process.argv[2]!);
console.log(r.text.slice(0, Number(process.argv[3] ?? 2500)));
