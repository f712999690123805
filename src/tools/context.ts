// What every tool receives. Built by the CLI, passed in; tools read no globals.
import type { Catalog } from '../catalog/catalog.js';
import type { Config } from '../config.js';
import type { DocsIndex } from '../docs/index.js';
import type { SendFn } from '../http/client.js';
import type { ToolJsonSchemas } from './json-schemas.js';

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
