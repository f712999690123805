import { loadDocsIndex } from '../src/docs/index.ts';
const docs = await loadDocsIndex('dist/docs');
for (const q of process.argv.slice(2)) {
  console.log('Q', q);
  for (const r of docs.search(q, 5)) console.log('  ', r.url, '|', r.title);
}
