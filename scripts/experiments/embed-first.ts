// EXPERIMENT: the first search's cost with and without the word vectors, each in a fresh process (load the catalog,
// then one search), alternating. Usage: tsx scripts/experiments/embed-first.ts <catalog dir A> <catalog dir B> [runs]
import { execFileSync } from 'node:child_process';

const [a, b, runs = '9'] = process.argv.slice(2);
if (!a || !b) throw new Error('usage: embed-first.ts <dirA> <dirB> [runs]');
const child = `
  const { loadCatalog } = await import(${JSON.stringify(new URL('../../src/catalog/load.ts', import.meta.url).href)});
  const { indexer } = await import(${JSON.stringify(new URL('../../src/search/index.ts', import.meta.url).href)});
  const t0 = performance.now();
  const c = await loadCatalog({ indexer, dir: process.argv[1] });
  const t1 = performance.now();
  c.search('remove the key auth credential of a consumer', { limit: 10 });
  const t2 = performance.now();
  c.search('erase a route', { limit: 10 });
  const t3 = performance.now();
  console.log(JSON.stringify({ load: t1 - t0, first: t2 - t1, second: t3 - t2, rss: process.resourceUsage().maxRSS / 1024 }));
`;
const out: Record<string, { load: number; first: number; second: number; rss: number }[]> = { [a]: [], [b]: [] };
for (let i = 0; i < Number(runs); i++) {
  for (const dir of [a, b]) {
    const res = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child, dir], { encoding: 'utf8' });
    out[dir]!.push(JSON.parse(res.trim().split('\n').at(-1)!));
  }
}
const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!.toFixed(1);
for (const [dir, rs] of Object.entries(out)) {
  console.log(`${dir}: catalog load ${med(rs.map((r) => r.load))} ms, first search ${med(rs.map((r) => r.first))} ms, second ${med(rs.map((r) => r.second))} ms, peak RSS ${med(rs.map((r) => r.rss))} MB (medians of ${rs.length})`);
}
