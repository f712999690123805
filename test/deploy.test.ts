// The decK file under deploy/ is written from Kong's own AI MCP Proxy examples: its plugin config may only use
// fields that those examples use, read at test time from the docs mirror (../shared/docs or KONNECT_DOCS_MIRROR).
// It is not applied to a running Kong Gateway here.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOCS = resolve(ROOT, process.env.KONNECT_DOCS_MIRROR ?? '../shared/docs');
const EXAMPLES = join(DOCS, 'app', '_kong_plugins', 'ai-mcp-proxy', 'examples');

type Node = Record<string, unknown>;

/** Dot paths of every key under a config object; list items share their list's path. */
function fieldPaths(value: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) fieldPaths(item, prefix, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${k}` : k;
      out.add(path);
      fieldPaths(v, path, out);
    }
  }
  return out;
}

function exampleConfigs(): Node[] {
  if (!existsSync(EXAMPLES)) throw new Error(`the AI MCP Proxy examples are missing at ${EXAMPLES}: set KONNECT_DOCS_MIRROR to a copy of Kong's developer docs`);
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));
  if (files.length === 0) throw new Error(`no example YAML files in ${EXAMPLES}`);
  return files.map((f) => (parse(readFileSync(join(EXAMPLES, f), 'utf8')) as { config: Node }).config);
}

describe('deploy/kong-passthrough.yaml', () => {
  const deck = parse(readFileSync(join(ROOT, 'deploy', 'kong-passthrough.yaml'), 'utf8')) as {
    upstreams: { name: string; algorithm: string; healthchecks: { active: { http_path: string } }; targets: { target: string }[] }[];
    services: { host: string; path: string; routes: { paths: string[] }[]; plugins: { name: string; config: Node }[] }[];
  };
  const plugins = deck.services.flatMap((s) => s.plugins);

  it('uses only AI MCP Proxy config fields that the plugin\'s own examples use', () => {
    const known = new Set<string>();
    for (const config of exampleConfigs()) for (const p of fieldPaths(config)) known.add(p);
    const proxy = plugins.filter((p) => p.name === 'ai-mcp-proxy');
    expect(proxy).toHaveLength(1);
    const unknown = [...fieldPaths(proxy[0]!.config)].filter((p) => !known.has(p));
    expect(unknown).toEqual([]);
  });

  it('runs the plugin in passthrough-listener mode in front of one upstream with several targets and /healthz checks', () => {
    expect(plugins.find((p) => p.name === 'ai-mcp-proxy')?.config.mode).toBe('passthrough-listener');
    const [upstream] = deck.upstreams;
    expect(upstream?.targets.length).toBeGreaterThanOrEqual(2);
    expect(upstream?.algorithm).toBe('round-robin');
    expect(upstream?.healthchecks.active.http_path).toBe('/healthz');
    expect(deck.services[0]).toMatchObject({ host: upstream?.name, path: '/mcp' });
  });
});
