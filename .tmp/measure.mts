import { performance } from 'node:perf_hooks';
const t0 = performance.now();
const { loadDocsIndex } = await import('../src/docs/index.ts');
const t1 = performance.now();
const docs = await loadDocsIndex('dist/docs');
const t2 = performance.now();
docs.search('401 unauthorized Konnect API personal access token', 5);
const t3 = performance.now();
const times: number[] = [];
for (const q of ['rate limit consumers', 'proxy cache redis', 'data plane certificate expired', 'konnect api personal access token', 'openid connect keycloak']) {
  for (let i = 0; i < 5; i++) { const s = performance.now(); docs.search(q, 5); times.push(performance.now() - s); }
}
times.sort((a, b) => a - b);
console.log({ import: t1 - t0, load: t2 - t1, firstSearch: t3 - t2, warmP50: times[12], warmMax: times.at(-1), rssMB: process.memoryUsage().rss / 1e6 });
