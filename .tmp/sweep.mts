import { readFileSync } from 'node:fs';
import { createDocsIndex, loadIndexes } from '../src/docs/index.ts';
import { DEFAULT_RANK } from '../src/docs/rank.ts';
import { fileTextSource } from '../src/docs/texts.ts';
const data = JSON.parse(readFileSync('dist/docs/docs.json', 'utf8'));
const texts = fileTextSource('dist/docs/docs-texts.txt');
const idx = loadIndexes(data);
const load = (f: string) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const sets = { dev: load('test/fixtures/docs-dev.jsonl'), eval: load('test/fixtures/docs-eval.jsonl') };
const page = (u: string) => u.split('#')[0]!.replace(/\/?$/, '/');
function score(rank: typeof DEFAULT_RANK) {
  const docs = createDocsIndex(data, texts, rank, idx);
  const out: string[] = [];
  for (const [name, cases] of Object.entries(sets)) {
    let hits = 0;
    for (const c of cases) {
      const want = new Set([c.url, ...(c.alt ?? [])].map(page));
      if (docs.search(c.q, 3).some((r) => want.has(page(r.url)))) hits++;
    }
    out.push(`${name} ${hits}/${cases.length}`);
  }
  return out.join(' ');
}
const variants: [string, Partial<typeof DEFAULT_RANK>][] = JSON.parse(process.argv[2]!);
for (const [name, v] of variants) console.log(name.padEnd(24), score({ ...DEFAULT_RANK, ...v }));
