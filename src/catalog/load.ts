// Loads the prebuilt catalog (no YAML, no dereferencing) plus any user specs given at startup.
import { readFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { OpenAPIV3 } from 'openapi-types';
import { ConfigError, errorMessage } from '../errors.js';
import { Catalog } from './catalog.js';
import { extractApi } from './extract.js';
import { CATALOG_FORMAT_VERSION, type ApiEntry, type CatalogData, type Indexer, type Operation } from './types.js';

export interface LoadOptions {
  /** Folder holding catalog.json and specs/ (dist/catalog). */
  dir: string;
  /** Builds or loads the search index (src/search's indexer), passed in so catalog does not depend on search. */
  indexer: Indexer;
  allVersions?: boolean;
  /** User spec files (YAML or JSON). */
  extraSpecs?: string[];
}

async function parseUserSpec(file: string): Promise<OpenAPIV3.Document> {
  // swagger-parser stays off the startup path unless the user passes --spec.
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  try {
    // Parsed, not bundled: only local $refs are ever followed (by the catalog, lazily), so a spec cannot make us read
    // other files or fetch URLs (`$ref: /etc/passwd`); those refs stay unresolved.
    return (await SwaggerParser.parse(file, { resolve: { external: false } })) as OpenAPIV3.Document;
  } catch (err) {
    throw new ConfigError(`cannot read spec ${file}: ${errorMessage(err).split('\n')[0]}`);
  }
}

export async function loadCatalogData(dir: string): Promise<CatalogData> {
  const file = join(dir, 'catalog.json');
  let data: CatalogData;
  try {
    data = JSON.parse(await readFile(file, 'utf8')) as CatalogData;
  } catch (err) {
    throw new ConfigError(`cannot load the operation catalog at ${file} (${errorMessage(err)}). Run npm run build.`);
  }
  if (data.formatVersion !== CATALOG_FORMAT_VERSION) {
    throw new ConfigError(`catalog at ${file} has format ${data.formatVersion}, expected ${CATALOG_FORMAT_VERSION}. Run npm run build.`);
  }
  return data;
}

export async function loadCatalog(opts: LoadOptions): Promise<Catalog> {
  const data = await loadCatalogData(opts.dir);
  const apis: ApiEntry[] = data.apis.filter((a) => opts.allVersions || a.latest);
  let operations: Operation[] = data.operations.filter((op) => opts.allVersions || op.latest);
  const userDocs = new Map<string, OpenAPIV3.Document>();

  const taken = new Set(apis.map((a) => a.api));
  for (const file of opts.extraSpecs ?? []) {
    const abs = resolve(file);
    const doc = await parseUserSpec(abs);
    let slug = basename(abs, extname(abs)).toLowerCase().replace(/[^a-z0-9-]+/g, '-');
    if (slug === 'openapi') slug = basename(resolve(abs, '..')).toLowerCase();
    let unique = slug;
    for (let i = 2; taken.has(unique); i++) unique = `${slug}-${i}`;
    taken.add(unique);
    const extracted = extractApi(doc, { api: unique, folder: 'user', specFile: abs, source: 'user', latest: true });
    apis.push(extracted.api);
    operations = operations.concat(extracted.operations);
    userDocs.set(extracted.api.key, doc);
  }

  const titles = new Map(apis.map((a) => [a.key, a.title]));
  const rebuild = opts.allVersions === true || userDocs.size > 0;
  const index = rebuild ? opts.indexer.build(operations, (k) => titles.get(k) ?? '', data.index) : opts.indexer.load(data.index);

  const loadSpec = async (api: ApiEntry): Promise<OpenAPIV3.Document> => {
    const user = userDocs.get(api.key);
    if (user) return user;
    return JSON.parse(await readFile(join(opts.dir, api.specFile), 'utf8')) as OpenAPIV3.Document;
  };
  return new Catalog(apis, operations, index, loadSpec);
}
