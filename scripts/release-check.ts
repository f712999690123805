// npm run release:check: CHANGELOG has an entry for the package version, and the packed tarball installs and runs.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

const { version } = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
const changelog = await readFile('CHANGELOG.md', 'utf8');
const heading = `## [${version}]`;
if (!changelog.split('\n').some((line) => line.startsWith(heading))) {
  console.error(`release:check: CHANGELOG.md has no "${heading}" entry; move the [Unreleased] notes under it first.`);
  process.exit(1);
}
console.error(`release:check: CHANGELOG.md has ${heading}`);
// The pack test may skip when the registry is unreachable; for a release it must run.
const run = spawnSync('npx', ['vitest', 'run', 'test/pack.test.ts'], { stdio: 'inherit', env: { ...process.env, KONNECT_MCP_RELEASE: '1' } });
process.exit(run.status ?? 1);
