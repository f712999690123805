import type { Region } from '../config.js';

export type HostKind = 'regional' | 'global' | 'custom';
export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS' | 'TRACE';

export interface HostInfo {
  kind: HostKind;
  /** Version prefix from `servers`, e.g. "/v2"; "" when the spec has none. */
  prefix: string;
  /** Regions the API is served in (regional kind only). */
  regions: Region[];
  /** Also served on the global host (e.g. ksearch). */
  global?: boolean;
  /** Example origin from `servers` for custom hosts (dev portal). */
  exampleOrigin?: string;
}

export interface ApiEntry {
  /** Unique key: `<api>@<folder>`, e.g. "control-planes-config@v2". */
  key: string;
  /** The api slug, e.g. "control-planes-config". */
  api: string;
  folder: string;
  title: string;
  /** info.version */
  version: string;
  /** Newest version of its api slug; older ones are only indexed with --all-versions. */
  latest: boolean;
  host: HostInfo;
  source: 'bundled' | 'user';
  /** Bundled: path of the JSON spec relative to the catalog folder. User: absolute path of the file given. */
  specFile: string;
}

export interface Operation {
  api: string;
  apiKey: string;
  operationId: string;
  method: HttpMethod;
  path: string;
  summary: string;
  /** Plain text, markdown stripped, trimmed for indexing. */
  description: string;
  tags: string[];
  deprecated: boolean;
  latest: boolean;
  /** Parameter names (path, query, header) as the spec spells them. */
  params: string[];
  /** Top-level request body property names, for search. */
  bodyFields: string[];
  /** Allowed values (enum) of its parameters and body that read as words, for search; absent when none. */
  values?: string[];
  /** What the operation's entity is, from its schema description (plain text, trimmed), for search. */
  entity?: string;
  /** Kinds of literal value its parameters or body take (a URL, a host name, an IP), by field format or name; absent when none. */
  literals?: LiteralKind[];
}

/** A value a user may type as it is: "https://orders.internal:8443", "api.acme.com", "10.0.0.6", "10.0.0.0/8", "a@b.com". */
export type LiteralKind = 'url' | 'host' | 'ip' | 'cidr' | 'email';
export const LITERAL_KINDS: readonly LiteralKind[] = ['url', 'host', 'ip', 'cidr', 'email'];

export interface CatalogData {
  formatVersion: number;
  apis: ApiEntry[];
  operations: Operation[];
  /** Serialized MiniSearch over the latest bundled operations. */
  index: unknown;
}

// Bump when the stored form or the text analysis (src/text/stem.ts, words.ts) changes: queries must stem as the index did.
export const CATALOG_FORMAT_VERSION = 7;

export function operationKey(op: Pick<Operation, 'apiKey' | 'operationId'>): string {
  return `${op.apiKey}#${op.operationId}`;
}

export interface SearchFilters {
  /** An api slug ("portal-management") or one version of it ("portal-management@v2"). */
  api?: string | undefined;
  method?: string | undefined;
  limit: number;
}

export interface Hit {
  op: Operation;
  score: number;
  /** A few words on why this hit fits, shown after its summary ("likely plugin: rate-limiting"). */
  note?: string;
}

/** A search index over operations. src/search builds it; the catalog only holds it, so catalog never imports search. */
/** How well the best hit matches the query: low when no operation fits the words. */
export type Confidence = 'high' | 'medium' | 'low';

export interface SearchResult {
  hits: Hit[];
  total: number;
  confidence: Confidence;
}

export interface OperationSearch {
  search(query: string, filters: SearchFilters, byKey: ReadonlyMap<string, Operation>): SearchResult;
  toJSON(): unknown;
}

/** How a catalog gets its index: built from operations (user specs, --all-versions) or loaded prebuilt. */
export interface Indexer {
  /** `prebuilt`: the bundled index's JSON, for what a rebuild from the specs cannot derive. */
  build(ops: Operation[], apiTitle: (apiKey: string) => string, prebuilt?: unknown): OperationSearch;
  load(json: unknown): OperationSearch;
}
