// Build time only: Kong's own words about each operation, from the pinned docs. (Tag descriptions were tried too:
// shared by every operation of a tag, they did not help and slowed queries.)
// The result is indexed as one lower-weighted field ("docs"), so users' goal words ("rate limit a service") reach
// the operation that does the job even when its summary never says them.
import type { RenderedPage } from '../docs/build/page.js';
import { resourceWords, lowercaseWords } from '../text/words.js';
import { stem } from '../text/stem.js';
import { operationKey, type ApiEntry, type Operation } from '../catalog/types.js';

export interface EvidenceSources {
  /** Pages as the docs build renders them (Liquid and Kong's blocks already turned into text and curl lines). */
  pages: RenderedPage[];
  /** Raw Markdown by page URL: rendered text drops link targets, and links to API references name operations. */
  raw: { url: string; text: string }[];
}

/** Evidence words kept per operation: plugin creation hears about every plugin, and its field must stay small. */
const MAX_WORDS = 1500;

// Both bounded: a curl line the docs renderer writes, and a Markdown link to an operation's reference.
const CURL_RE = /curl -X ([A-Z]{3,7}) "https?:\/\/[^\s"/]{1,100}(\/[^\s"?#]{0,300})/g;
const OP_LINK_RE = /\[([^\]\n]{1,200})\]\(\/api\/konnect\/([a-z0-9-]{1,60})\/(?:v\d+\/)?#\/operations\/([A-Za-z0-9_-]{1,100})\)/g;
const TITLE_RE = /^title:[ \t]*(.{1,200})$/m;
/** Admin API paths in the docs (`/services/{id}/routes`) live under this prefix in Konnect. */
const CORE_ENTITIES = ['v2', 'control-planes', '{}', 'core-entities'];

function segments(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (/^[{$<]/.test(s) ? '{}' : s));
}

/** Finds operations by method and URL path, parameters as wildcards; the one with most literal segments wins. */
class Routes {
  private readonly byMethod = new Map<string, { segs: string[]; op: Operation }[]>();

  constructor(ops: Operation[], prefix: (op: Operation) => string) {
    for (const op of ops) {
      const list = this.byMethod.get(op.method) ?? [];
      list.push({ segs: segments(prefix(op) + op.path), op });
      this.byMethod.set(op.method, list);
    }
  }

  find(method: string, path: string): Operation | undefined {
    const segs = segments(path);
    return this.match(method, segs) ?? (segs[0] !== 'v2' ? this.match(method, [...CORE_ENTITIES, ...segs]) : undefined);
  }

  private match(method: string, segs: string[]): Operation | undefined {
    let best: { op: Operation; literal: number } | undefined;
    for (const r of this.byMethod.get(method) ?? []) {
      if (r.segs.length !== segs.length) continue;
      let literal = 0;
      let ok = true;
      for (let i = 0; i < segs.length && ok; i++) {
        if (r.segs[i] === '{}') continue;
        if (r.segs[i] === segs[i]) literal++;
        else ok = false;
      }
      if (ok && (!best || literal > best.literal)) best = { op: r.op, literal };
    }
    return best?.op;
  }
}

function stemKey(text: string): string {
  return lowercaseWords(text).map(stem).join(' ');
}

/** The sentence that introduces a request: the last prose line before it. */
function lead(text: string, at: number): string {
  const before = text.slice(Math.max(0, at - 400), at).split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('```'));
  return before.at(-1) ?? '';
}

/** `stop`: stemmed stop words, as the vocabulary holds them ("every" as everi), which queries never search. */
export function buildEvidence(ops: Operation[], apis: ApiEntry[], src: EvidenceSources, stop: ReadonlySet<string>): Map<string, string> {
  const texts = new Map<string, string[]>();
  const add = (op: Operation | undefined, ...parts: string[]): void => {
    if (!op) return;
    const key = operationKey(op);
    const list = texts.get(key) ?? [];
    list.push(...parts);
    texts.set(key, list);
  };
  const prefixes = new Map(apis.map((a) => [a.key, a.host.prefix]));
  const routes = new Routes(ops, (op) => prefixes.get(op.apiKey) ?? '');

  // 1. Requests in how-tos and guides: the step heading and the sentence before it say what the call is for.
  for (const page of src.pages) {
    for (const s of page.sections) {
      for (const m of s.text.matchAll(CURL_RE)) add(routes.find(m[1]!, m[2]!), page.title, s.heading, lead(s.text, m.index));
    }
  }

  // 2. Links to an operation's API reference: the link text names the job.
  const byApiOpid = new Map(ops.map((op) => [`${op.api}#${op.operationId}`, op]));
  for (const { text } of src.raw) {
    const title = TITLE_RE.exec(text)?.[1] ?? '';
    for (const m of text.matchAll(OP_LINK_RE)) add(byApiOpid.get(`${m[2]}#${m[3]}`), m[1]!, title);
  }

  // 3. Gateway entity reference pages describe the entity behind every operation on it; plugin pages say what
  // each plugin does, which is what creating a plugin is for.
  const gateway = ops.filter((op) => op.api === 'control-planes-config');
  const byResource = new Map<string, Operation[]>();
  for (const op of gateway) {
    const key = stemKey(resourceWords(op.path));
    byResource.set(key, [...(byResource.get(key) ?? []), op]);
  }
  const pluginCreators = (byResource.get(stemKey('plugins')) ?? []).filter((op) => op.method === 'POST');
  for (const page of src.pages) {
    if (page.kind !== 'page') continue;
    const about = [page.title, page.description, ...page.keywords];
    const entity = /\/gateway\/entities\/([a-z0-9-]+)\/$/.exec(page.url);
    if (entity) for (const op of byResource.get(stemKey(entity[1]!)) ?? []) add(op, ...about);
    if (/^\/plugins\/[a-z0-9-]+\/$/.test(new URL(page.url, 'https://x').pathname)) for (const op of pluginCreators) add(op, ...about);
  }

  // One occurrence of each word: the field says which words Kong uses about an operation, not how often.
  const out = new Map<string, string>();
  for (const [key, parts] of texts) {
    const words = new Set<string>();
    for (const w of lowercaseWords(parts.join(' '))) {
      if (words.size >= MAX_WORDS) break;
      if (!stop.has(stem(w)) && !/^[0-9]+$/.test(w)) words.add(w);
    }
    out.set(key, [...words].join(' '));
  }
  return out;
}
