// The in-memory catalog: operations, their APIs, the search index and lazily loaded specs.
import type { OpenAPIV3 } from 'openapi-types';
import { AmbiguousOperationError, UnknownApiError, UnknownOperationError } from '../errors.js';
import { boundedDistance } from '../text/words.js';
import { operationKey, type ApiEntry, type Hit, type Operation, type OperationSearch, type SearchFilters, type SearchResult } from './types.js';

export type SpecLoader = (api: ApiEntry) => Promise<OpenAPIV3.Document>;

export class Catalog {
  readonly operations: Operation[];
  readonly apis: Map<string, ApiEntry>;
  private readonly byKey: Map<string, Operation>;
  private readonly byId = new Map<string, Operation[]>();
  private readonly specs = new Map<string, Promise<OpenAPIV3.Document>>();

  constructor(
    apis: ApiEntry[],
    operations: Operation[],
    private readonly index: OperationSearch,
    private readonly loadSpec: SpecLoader,
  ) {
    this.apis = new Map(apis.map((a) => [a.key, a]));
    this.operations = operations;
    this.byKey = new Map(operations.map((op) => [operationKey(op), op]));
    for (const op of operations) {
      const list = this.byId.get(op.operationId) ?? [];
      list.push(op);
      this.byId.set(op.operationId, list);
    }
  }

  api(op: Operation): ApiEntry {
    const api = this.apis.get(op.apiKey);
    if (!api) throw new Error(`catalog is inconsistent: no api ${op.apiKey}`);
    return api;
  }

  /** Api slugs known to the catalog, for error messages and filters. */
  apiSlugs(): string[] {
    return [...new Set([...this.apis.values()].map((a) => a.api))].sort();
  }

  /** Refuses an api (slug or `slug@folder`) the catalog does not have, listing the known ones; `hint` adds a sentence. */
  checkApi(api: string, hint = ''): void {
    if (!this.apis.has(api) && !this.apiSlugs().includes(api)) throw new UnknownApiError(api, this.apiSlugs(), hint);
  }

  /**
   * Finds an operation by operationId, optionally narrowed by api slug or `slug@folder`.
   * Prefers the latest version when several versions of one api share the id.
   */
  find(operationId: string, api?: string): Operation {
    const all = this.byId.get(operationId) ?? [];
    const matches = api ? all.filter((op) => op.api === api || op.apiKey === api) : all;
    if (matches.length === 0) {
      throw new UnknownOperationError(operationId, this.suggest(operationId, api), api);
    }
    const latest = matches.filter((op) => op.latest);
    const pool = latest.length > 0 ? latest : matches;
    const slugs = [...new Set(pool.map((op) => op.api))];
    if (slugs.length > 1) throw new AmbiguousOperationError(operationId, slugs);
    // One slug in several folders (--all-versions without a latest one): the first listed wins.
    return pool[0]!;
  }

  /** Closest operationIds by edit distance. */
  suggest(operationId: string, api?: string, max = 3): string[] {
    // No operationId is near this long; comparing a huge one with each would only cost time.
    if (operationId.length > 200) return [];
    const target = operationId.toLowerCase();
    const limit = Math.max(3, Math.ceil(target.length * 0.5));
    const scored: { id: string; d: number }[] = [];
    for (const [id, ops] of this.byId) {
      if (api && !ops.some((op) => op.api === api || op.apiKey === api)) continue;
      const d = boundedDistance(target, id.toLowerCase(), limit);
      if (d <= limit) scored.push({ id, d });
    }
    scored.sort((a, b) => a.d - b.d || a.id.localeCompare(b.id));
    return scored.slice(0, max).map((s) => s.id);
  }

  search(query: string, filters: SearchFilters): SearchResult {
    return this.index.search(query, filters, this.byKey);
  }

  spec(api: ApiEntry): Promise<OpenAPIV3.Document> {
    let p = this.specs.get(api.key);
    if (!p) {
      p = this.loadSpec(api);
      this.specs.set(api.key, p);
      p.catch(() => this.specs.delete(api.key));
    }
    return p;
  }
}
