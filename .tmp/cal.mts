import { readFileSync } from 'node:fs';
import { countTokens } from 'gpt-tokenizer';
import { estimateTokens } from '../src/docs/read.ts';
import { loadDocsIndex } from '../src/docs/index.ts';
const data = JSON.parse(readFileSync('dist/docs/docs.json', 'utf8'));
const buf = readFileSync('dist/docs/docs-texts.txt');
const ratios: number[] = [];
for (let i = 0; i < data.sections.length; i += 7) {
  const [, , , st, sb, fb] = data.sections[i];
  const t = buf.toString('utf8', st + sb, st + sb + fb);
  if (t.length < 400) continue;
  ratios.push(estimateTokens(t) / countTokens(t));
}
ratios.sort((a, b) => a - b);
const q = (p: number) => ratios[Math.floor(p * ratios.length)]!.toFixed(3);
console.log('est/true p1', q(0.01), 'p5', q(0.05), 'p50', q(0.5), 'p95', q(0.95), 'n', ratios.length);
const docs = await loadDocsIndex('dist/docs');
let liquid = 0, over = 0, pages = 0, maxT = 0, multi = 0;
for (const [, url] of data.pages) {
  let next: string | undefined; let n = 0;
  do {
    const r = docs.read(url, next);
    const t = countTokens(r.text); maxT = Math.max(maxT, t);
    if (t > 6000) over++;
    if (/\{%|\{\{\s*site\./.test(r.text)) liquid++;
    next = r.next; n++;
  } while (next && n < 50);
  if (n > 1) multi++;
  pages++;
}
console.log({ pages, multi, over, liquid, maxT });
const r = docs.read('https://developer.konghq.com/gateway/network/');
console.log(r.text.slice(0, 1500));
