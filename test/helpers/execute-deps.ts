// ToolDeps for execute tests: a real sender to a local server, a loaded catalog, no docs.
import type { Catalog } from '../../src/catalog/catalog.js';
import { parseConfig, type Config } from '../../src/config.js';
import type { ToolDeps } from '../../src/deps.js';
import type { DocsIndex } from '../../src/docs/types.js';
import { createSender } from '../../src/http/client.js';

export interface ExecuteDepsOptions {
  token: string;
  baseUrl: string;
  catalog: Promise<Catalog>;
  overrides?: Partial<Config>;
  log?: (line: string) => void;
}

export function executeDeps(opts: ExecuteDepsOptions): ToolDeps {
  const config: Config = { ...parseConfig({ token: opts.token, baseUrl: opts.baseUrl }).config, ...opts.overrides };
  return {
    config,
    catalog: () => opts.catalog,
    docs: () => Promise.reject(new Error('docs are not used by execute')) as Promise<DocsIndex>,
    send: createSender({ token: config.token, userAgent: 'konnect-mcp/0.0.0-test', timeoutMs: config.timeoutMs, retryDelayMs: 1 }),
    version: '0.0.0-test',
    log: opts.log ?? (() => undefined),
  };
}
