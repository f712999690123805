// Wires config into the dependencies the tools receive.
// Heavy modules (catalog, docs index, ky) are imported on first use so the server answers tools/list sooner.
import type { Catalog } from './catalog/catalog.js';
import type { Config } from './config.js';
import type { DocsIndex } from './docs/index.js';
import type { SendFn } from './http/client.js';
import type { ToolDeps } from './tools/context.js';
import type { ToolJsonSchemas } from './tools/json-schemas.js';

export interface DepsOptions {
  config: Config;
  version: string;
  catalogDir: string;
  docsDir: string;
  log: (line: string) => void;
  fetch?: typeof fetch;
  /** Base delay between retries (ms); tests shorten it. */
  retryDelayMs?: number;
  jsonSchemas?: ToolJsonSchemas | undefined;
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    p ??= load().catch((err: unknown) => {
      p = undefined;
      throw err;
    });
    return p;
  };
}

function senderFor(opts: DepsOptions, token: string | undefined): SendFn {
  // Without a token the sender still serves calls that need none (a dev portal's public API); execute checks.
  const sender = once<SendFn>(async () =>
    (await import('./http/client.js')).createSender({
      token,
      userAgent: `konnect-mcp/${opts.version}`,
      timeoutMs: opts.config.timeoutMs,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.retryDelayMs !== undefined ? { retryDelayMs: opts.retryDelayMs } : {}),
    }),
  );
  return async (req) => (await sender())(req);
}

export function createDeps(opts: DepsOptions): ToolDeps {
  const { config } = opts;
  const catalog = once<Catalog>(async () => {
    const { loadCatalog } = await import('./catalog/load.js');
    return loadCatalog({ dir: opts.catalogDir, allVersions: config.allVersions, extraSpecs: config.specs });
  });
  const docs = once<DocsIndex>(async () => (await import('./docs/index.js')).loadDocsIndex(opts.docsDir));
  return { config, catalog, docs, send: senderFor(opts, config.token), version: opts.version, log: opts.log, jsonSchemas: opts.jsonSchemas };
}

/**
 * One HTTP request's deps in team mode: the shared catalog and docs (they hold nothing about a user), with this
 * request's own token and a sender made for it alone. `token` undefined falls back to the server-wide one, which
 * the CLI allows only with --shared-token.
 */
export function requestDeps(base: ToolDeps, opts: DepsOptions, token: string | undefined): ToolDeps {
  const own = token ?? base.config.token;
  const config = { ...base.config, token: own };
  return { ...base, config, send: senderFor({ ...opts, config }, own), tokenSource: 'header' };
}
