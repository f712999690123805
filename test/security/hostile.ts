// Shared by the hostile-input suite: an upstream on 127.0.0.1 (the configured base URL), an attacker listener
// that must never receive a request, tool deps wired to them, and a snapshot of Object.prototype's own keys.
import { expect } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { parseConfig, type Config } from '../../src/config.js';
import type { ToolDeps } from '../../src/deps.js';
import { createSender, type HttpClientOptions } from '../../src/http/client.js';
import { loadDocsIndex } from '../../src/docs/index.js';
import type { DocsIndex } from '../../src/docs/types.js';
import { CATALOG_DIR, DOCS_DIR } from '../../src/paths.js';
import { indexer } from '../../src/search/index.js';
import { GADGETS } from '../helpers/gadgets.js';
import { json, startServer, type TestServer } from '../helpers/http-server.js';

export const TOKEN = 'kpat_hostileSuiteSecret0123456789abcdef';
export const HOSTILE = new URL('../fixtures/hostile.yaml', import.meta.url).pathname;

/** The keys that reach Object.prototype or shadow its methods when used as property names. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', '__proto__.x', 'constructor.prototype', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf'];

export interface Rig {
  upstream: TestServer;
  attacker: TestServer;
  close(): Promise<void>;
}

/** Upstream answers a two-page gadget list by default; the attacker records and answers 200 (it must stay empty). */
export async function startRig(): Promise<Rig> {
  const upstream = await startServer();
  const attacker = await startServer();
  return { upstream, attacker, close: async () => void (await Promise.all([upstream.close(), attacker.close()])) };
}

export function pagedGadgets(upstream: TestServer): void {
  upstream.handle((req, res) => {
    const second = req.url.includes('page[after]=');
    json(res, 200, { data: [{ id: second ? 'b' : 'a', name: 'g' }], meta: { page: { next: second ? null : '/v7/gadgets?page[after]=c2' } } });
  });
}

let catalog: Promise<Catalog> | undefined;
let docs: Promise<DocsIndex> | undefined;

export function toolDeps(rig: Rig, overrides: Partial<Config> = {}, client: Partial<HttpClientOptions> = {}): ToolDeps {
  catalog ??= loadCatalog({ indexer, dir: CATALOG_DIR, extraSpecs: [GADGETS, HOSTILE] });
  docs ??= loadDocsIndex(DOCS_DIR);
  const config: Config = { ...parseConfig({ token: TOKEN, baseUrl: rig.upstream.url }).config, ...overrides };
  return {
    config,
    catalog: () => catalog!,
    docs: () => docs!,
    send: createSender({ token: config.token, userAgent: 'konnect-mcp/0.0.0-test', timeoutMs: config.timeoutMs, retryDelayMs: 1, ...client }),
    version: '0.0.0-test',
    log: () => undefined,
  };
}

export const protoKeys = (): string[] => Reflect.ownKeys(Object.prototype).map(String).sort();

/** Object.prototype must end as it began, and the attacker must have seen nothing. */
export function expectUntouched(before: string[], rig: Rig): void {
  expect(protoKeys()).toEqual(before);
  expect(rig.attacker.requests).toEqual([]);
}

/** The next upstream request gets headers and a body that never ends; `closed` settles when the server drops it. */
export function hangingBody(upstream: TestServer): { arrived: Promise<void>; closed: () => Promise<void> } {
  let closed!: Promise<void>;
  const arrived = new Promise<void>((resolve) =>
    upstream.handle((_req, res) => {
      closed = new Promise((done) => res.on('close', () => done()));
      res.writeHead(200, { 'content-type': 'application/json' }).write('[');
      resolve();
    }),
  );
  return { arrived, closed: () => closed };
}
