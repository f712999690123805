// Wires config into the dependencies the tools receive.
// Heavy modules (catalog, docs index, the HTTP client) are imported on first use so the server answers tools/list sooner.
import type { Catalog } from './catalog/catalog.js';
import type { Config } from './config.js';
import type { DocsIndex } from './docs/types.js';
import type { SendFn } from './http/client.js';
import type { ProxySettings } from './http/proxy.js';
import type { ToolJsonSchemas } from './tools/json-schemas.js';

// What every tool receives. Built by the CLI, passed in; tools read no globals.
export interface ToolDeps {
  config: Config;
  /** Loaded on first use so startup stays cheap. */
  catalog: () => Promise<Catalog>;
  docs: () => Promise<DocsIndex>;
  /** Sends a built request; present even without a token (dev-portal calls need none), execute checks. */
  send: SendFn | undefined;
  version: string;
  log: (line: string) => void;
  /** Prebuilt JSON Schemas of the tools, so listing them converts nothing. */
  jsonSchemas?: ToolJsonSchemas | undefined;
  /** Where the token comes from: `header` in team mode (each HTTP request's own bearer). */
  tokenSource?: 'config' | 'header' | undefined;
}

export interface DepsOptions {
  config: Config;
  version: string;
  catalogDir: string;
  docsDir: string;
  log: (line: string) => void;
  /** HTTP(S)_PROXY / NO_PROXY from the environment; execute's requests go through the proxy. */
  proxy?: ProxySettings | undefined;
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
  const sender = once<SendFn>(async () => {
    const f = opts.proxy ? await (await import('./http/proxy.js')).proxyFetch(opts.proxy) : undefined;
    return (await import('./http/client.js')).createSender({
      token,
      userAgent: `konnect-mcp/${opts.version}`,
      timeoutMs: opts.config.timeoutMs,
      ...(f ? { fetch: f } : {}),
    });
  });
  return async (req, sendOpts) => (await sender())(req, sendOpts);
}

export function createDeps(opts: DepsOptions): ToolDeps {
  const { config } = opts;
  const catalog = once<Catalog>(async () => {
    const [{ loadCatalog }, { indexer }] = await Promise.all([import('./catalog/load.js'), import('./search/index.js')]);
    return loadCatalog({ indexer, dir: opts.catalogDir, allVersions: config.allVersions, extraSpecs: config.specs });
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
