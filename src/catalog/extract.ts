// Turns one parsed OpenAPI document into an ApiEntry and its operations.
import type { OpenAPIV3 } from 'openapi-types';
import { isRegion, type Region } from '../config.js';
import { isObject } from '../json.js';
import type { ApiEntry, HostInfo, HttpMethod, LiteralKind, Operation } from './types.js';

export const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

type Doc = OpenAPIV3.Document;

const REGIONAL = /^https:\/\/([a-z]{2})\.api\.konghq\.com(\/[^?#]*)?$/;
const GLOBAL = /^https:\/\/global\.api\.konghq\.com(\/[^?#]*)?$/;

/** A user spec may put anything anywhere: what extraction reads is taken only when it has the expected type. */
function list<T = unknown>(x: unknown): T[] {
  return Array.isArray(x) ? (x as T[]) : [];
}

function text(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}

export function hostInfo(servers: { url: string }[] | undefined): HostInfo {
  const regions: Region[] = [];
  let prefix: string | undefined;
  let global = false;
  let firstOther: string | undefined;
  for (const server of list<{ url?: unknown }>(servers)) {
    const url = text(server?.url);
    if (url === undefined) continue;
    const clean = url.replace(/\/+$/, '');
    const r = REGIONAL.exec(clean);
    const g = GLOBAL.exec(clean);
    if (r && isRegion(r[1]!)) {
      regions.push(r[1]);
      prefix ??= r[2] ?? '';
    } else if (g) {
      global = true;
      prefix ??= g[1] ?? '';
    } else {
      firstOther ??= clean;
    }
  }
  if (regions.length > 0) return { kind: 'regional', prefix: prefix ?? '', regions, ...(global ? { global: true } : {}) };
  if (global) return { kind: 'global', prefix: prefix ?? '', regions: [] };
  let exampleOrigin: string | undefined;
  let customPrefix = '';
  if (firstOther) {
    try {
      const u = new URL(firstOther);
      exampleOrigin = u.origin;
      customPrefix = u.pathname.replace(/\/+$/, '');
    } catch {
      // relative server URL: no example origin
    }
  }
  return { kind: 'custom', prefix: customPrefix, regions: [], ...(exampleOrigin ? { exampleOrigin } : {}) };
}

/** Longest description read: the index keeps 600 characters of it. */
const MAX_MARKDOWN = 20_000;

/**
 * Markdown to plain text, good enough for indexing and one-line summaries. Tags and links are bounded and stop at
 * the next opener, so a user spec's "<<<<…" or "![![…" costs linear time (it took 40 s for 300 KB).
 */
export function stripMarkdown(markdown: unknown): string {
  const raw = text(markdown);
  if (!raw) return '';
  return raw
    .slice(0, MAX_MARKDOWN)
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/<[^<>]{1,500}>/g, ' ')
    .replace(/!\[[^[\]]{0,500}\]\([^()]{0,1000}\)/g, ' ')
    .replace(/\[([^[\]]{0,500})\]\([^()]{0,1000}\)/g, '$1')
    .replace(/[`*_#>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function isRef(x: unknown): x is OpenAPIV3.ReferenceObject {
  return typeof x === 'object' && x !== null && '$ref' in x;
}

/** Resolves a local `#/...` pointer; returns undefined for anything else. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    // Own keys only: `#/__proto__` in a user spec must not reach Object.prototype.
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Follows $refs to a real node; undefined when missing or after 20 hops (a ref loop). */
export function followRef<T>(doc: Doc, x: T | OpenAPIV3.ReferenceObject | undefined, seen = 0): T | undefined {
  if (x === undefined) return undefined;
  if (isRef(x)) return seen > 20 ? undefined : followRef<T>(doc, resolvePointer(doc, x.$ref) as T, seen + 1);
  return x;
}

/** The path item and operation object of a catalog operation, $refs followed; undefined if the spec lacks it. */
export function rawOperation(doc: Doc, op: Pick<Operation, 'method' | 'path'>): { item: OpenAPIV3.PathItemObject; raw: OpenAPIV3.OperationObject } | undefined {
  const item = followRef<OpenAPIV3.PathItemObject>(doc, doc.paths?.[op.path]);
  if (typeof item !== 'object' || item === null) return undefined;
  const raw: unknown = item[op.method.toLowerCase() as OpenAPIV3.HttpMethods];
  return isObject(raw) ? { item, raw: raw as OpenAPIV3.OperationObject } : undefined;
}

/** Merged path-level and operation-level parameters (operation wins by name+in). */
export function operationParameters(doc: Doc, item: OpenAPIV3.PathItemObject, op: OpenAPIV3.OperationObject): OpenAPIV3.ParameterObject[] {
  const out = new Map<string, OpenAPIV3.ParameterObject>();
  for (const p of [...list(item.parameters), ...list(op.parameters)]) {
    const param = followRef<OpenAPIV3.ParameterObject>(doc, p as OpenAPIV3.ParameterObject);
    if (isObject(param) && text(param.name)) out.set(`${String(param.in)}:${param.name}`, param);
  }
  return [...out.values()];
}

/** The JSON (else first) media type's schema of a request body. */
function bodySchema(doc: Doc, op: OpenAPIV3.OperationObject): unknown {
  const body = followRef<OpenAPIV3.RequestBodyObject>(doc, op.requestBody);
  return (body?.content?.['application/json'] ?? Object.values(body?.content ?? {})[0])?.schema;
}

/** Most schema nodes one walk visits: a user spec's schema may be huge. */
const MAX_NODES = 400;

/**
 * Visits a schema and its allOf/oneOf/anyOf members, $refs followed; `deep` also goes into properties and array
 * items. Bounded by depth and node count, and each node once (a ref loop ends).
 */
function walkSchema(doc: Doc, root: unknown, visit: (schema: OpenAPIV3.SchemaObject) => void, deep: boolean, maxDepth = 3): void {
  const seen = new Set<object>();
  const go = (s: unknown, depth: number): void => {
    const schema = followRef<OpenAPIV3.SchemaObject>(doc, s as OpenAPIV3.SchemaObject);
    if (!isObject(schema) || depth > maxDepth || seen.has(schema) || seen.size >= MAX_NODES) return;
    seen.add(schema);
    visit(schema);
    const subs: unknown[] = [...list(schema.allOf), ...list(schema.oneOf), ...list(schema.anyOf)];
    if (deep) {
      if (isObject(schema.properties)) subs.push(...Object.values(schema.properties));
      if ('items' in schema) subs.push(schema.items);
    }
    for (const sub of subs) go(sub, depth + 1);
  };
  go(root, 0);
}

function bodyFieldNames(doc: Doc, op: OpenAPIV3.OperationObject): string[] {
  const names = new Set<string>();
  walkSchema(doc, bodySchema(doc, op), (schema) => {
    if (isObject(schema.properties)) for (const k of Object.keys(schema.properties)) names.add(k);
  }, false);
  return [...names];
}

/** Enum values kept per operation. */
const MAX_VALUES = 60;
// Words a user may type, not codes: a letter first, at most 40 characters (and a run of 3 letters, checked apart).
const WORDLIKE = /^[A-Za-z][A-Za-z0-9 _.+-]{0,39}$/;
const UUID_LIKE = /[0-9a-f]{8}-[0-9a-f]{4}/i;

/**
 * The allowed values (enum) of an operation's parameters and request body, when they read as words ("Deployer",
 * "published", "aws"): users name jobs by them ("make alice a deployer"). Booleans spelled as text are skipped.
 */
export function enumValues(doc: Doc, params: OpenAPIV3.ParameterObject[], op: OpenAPIV3.OperationObject): string[] {
  const values = new Set<string>();
  const visit = (schema: OpenAPIV3.SchemaObject): void => {
    // One allowed value is a constant (a discriminator naming the schema's own kind), not a choice.
    const choices = list(schema.enum);
    if (choices.length < 2) return;
    for (const v of choices) {
      if (values.size >= MAX_VALUES) return;
      if (typeof v === 'string' && WORDLIKE.test(v) && /[A-Za-z]{3}/.test(v) && !UUID_LIKE.test(v) && !/^(true|false)$/i.test(v)) values.add(v);
    }
  };
  for (const p of params) walkSchema(doc, p.schema, visit, true, 4);
  walkSchema(doc, bodySchema(doc, op), visit, true, 5);
  return [...values];
}

/**
 * What the entity the operation works on is, from its schema: the request body's, else the success response's
 * (a list's items). Plain text, trimmed; it lets paraphrases reach the operation ("secret backends" -> Vault).
 */
function entityDescription(doc: Doc, op: OpenAPIV3.OperationObject): string {
  const json = (content: Record<string, OpenAPIV3.MediaTypeObject> | undefined): unknown =>
    content?.['application/json']?.schema ?? Object.values(content ?? {})[0]?.schema;
  const body = followRef<OpenAPIV3.RequestBodyObject>(doc, op.requestBody);
  const ok = Object.entries(op.responses ?? {}).find(([code]) => code.startsWith('2'))?.[1];
  const response = followRef<OpenAPIV3.ResponseObject>(doc, ok);
  for (const candidate of [json(body?.content), json(response?.content)]) {
    let schema = followRef<OpenAPIV3.SchemaObject>(doc, candidate as OpenAPIV3.SchemaObject | undefined);
    const data = followRef<OpenAPIV3.SchemaObject>(doc, schema?.properties?.['data'] as OpenAPIV3.SchemaObject | undefined);
    if (data?.type === 'array') schema = followRef<OpenAPIV3.SchemaObject>(doc, data.items as OpenAPIV3.SchemaObject);
    const text = stripMarkdown(schema?.description);
    if (text.length >= 40) return text.slice(0, 300);
  }
  return '';
}

// A field takes a literal by its format, else by its name ("hosts", "snis", "trusted_ips").
const LITERAL_FORMATS = new Map<string, LiteralKind>([['uri', 'url'], ['url', 'url'], ['hostname', 'host'], ['ipv4', 'ip'], ['ipv6', 'ip'], ['email', 'email']]);
const LITERAL_NAMES = new Map<string, LiteralKind>([
  ['url', 'url'], ['urls', 'url'],
  ['host', 'host'], ['hosts', 'host'], ['hostname', 'host'], ['hostnames', 'host'], ['domain', 'host'], ['domains', 'host'], ['sni', 'host'], ['snis', 'host'],
  ['ip', 'ip'], ['ips', 'ip'], ['target', 'ip'], ['targets', 'ip'], ['address', 'ip'],
  ['cidr', 'cidr'], ['cidrs', 'cidr'],
  ['email', 'email'], ['servers', 'host'],
]);

/** The kinds of literal value an operation's parameters and request body take, by field format and name. */
export function literalKinds(doc: Doc, params: OpenAPIV3.ParameterObject[], op: OpenAPIV3.OperationObject, path?: string): LiteralKind[] {
  const kinds = new Set<LiteralKind>();
  // The name's last word ("allowed_ips"), or the word before an id ("TargetId").
  const byName = (name: string): void => {
    const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
    const last = words.at(-1) === 'id' ? words.at(-2) : words.at(-1);
    const kind = last === undefined ? undefined : LITERAL_NAMES.get(last);
    if (kind) kinds.add(kind);
  };
  const byFormat = (x: unknown): void => {
    const schema = followRef<OpenAPIV3.SchemaObject>(doc, x as OpenAPIV3.SchemaObject);
    const kind = LITERAL_FORMATS.get(text(schema?.format) ?? '');
    if (kind) kinds.add(kind);
  };
  const visit = (schema: OpenAPIV3.SchemaObject): void => {
    if (!isObject(schema.properties)) return;
    for (const [k, v] of Object.entries(schema.properties)) {
      byName(k);
      byFormat(v);
    }
  };
  for (const p of params) {
    if (p.in === 'path' || p.in === 'query') byName(p.name);
  }
  // What the path ends in may be such a value itself: an SNI is a host name, a target a host and port.
  if (path !== undefined) for (const w of (path.split('/').filter((s) => s !== '' && !s.startsWith('{')).at(-1) ?? '').split(/[^A-Za-z0-9]+/)) byName(w);
  // Top-level fields only: nested ones (a logo's data URI, a link) are not what the operation is about.
  walkSchema(doc, bodySchema(doc, op), visit, false);
  return [...kinds].sort();
}

function fallbackOperationId(method: string, path: string): string {
  return `${method}-${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

export interface ExtractInput {
  api: string;
  folder: string;
  specFile: string;
  source: 'bundled' | 'user';
  latest: boolean;
}

export function extractApi(doc: Doc, input: ExtractInput): { api: ApiEntry; operations: Operation[] } {
  const key = `${input.api}@${input.folder}`;
  const api: ApiEntry = {
    key,
    api: input.api,
    folder: input.folder,
    title: text(doc.info?.title) ?? input.api,
    version: String(doc.info?.version ?? ''),
    latest: input.latest,
    host: hostInfo(doc.servers),
    source: input.source,
    specFile: input.specFile,
  };
  const operations: Operation[] = [];
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = followRef<OpenAPIV3.PathItemObject>(doc, rawItem);
    if (!item) continue;
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const params = operationParameters(doc, item, op);
      const values = enumValues(doc, params, op);
      const literals = literalKinds(doc, params, op, path);
      operations.push({
        api: input.api,
        apiKey: key,
        operationId: text(op.operationId) ?? fallbackOperationId(m, path),
        method: m.toUpperCase() as HttpMethod,
        path,
        summary: (text(op.summary) ?? '').trim(),
        description: stripMarkdown(op.description).slice(0, 600),
        tags: list(op.tags).filter((t): t is string => typeof t === 'string'),
        deprecated: op.deprecated === true,
        latest: input.latest,
        params: params.map((p) => p.name),
        bodyFields: bodyFieldNames(doc, op),
        ...(values.length > 0 ? { values } : {}),
        entity: entityDescription(doc, op),
        ...(literals.length > 0 ? { literals } : {}),
      });
    }
  }
  shareLiterals(operations);
  return { api, operations };
}

/**
 * An item's operations are about the same thing as its collection's: what creating a developer takes (an email), deleting
 * one names too ("remove spam@x.com from the portal").
 */
function shareLiterals(operations: Operation[]): void {
  const collection = (path: string): string => path.replace(/\/\{[^/{}]*\}$/, '');
  const shared = new Map<string, Set<LiteralKind>>();
  for (const op of operations) {
    const kinds = shared.get(collection(op.path)) ?? new Set<LiteralKind>();
    for (const k of op.literals ?? []) kinds.add(k);
    shared.set(collection(op.path), kinds);
  }
  for (const op of operations) {
    const kinds = [...(shared.get(collection(op.path)) ?? [])].sort();
    if (kinds.length > 0) op.literals = kinds;
  }
}

/** Compares dotted versions numerically ("3.15.0" > "3.9.8"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10));
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (Number.isNaN(pa[i] ?? 0) ? 0 : (pa[i] ?? 0)) - (Number.isNaN(pb[i] ?? 0) ? 0 : (pb[i] ?? 0));
    if (d !== 0) return d;
  }
  return 0;
}
