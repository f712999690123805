// A small Liquid interpreter, enough to turn Kong's Jekyll pages into searchable text.
// Standard tags (if/unless/for/assign/capture/raw/comment/include) are evaluated here;
// every other tag goes to the caller's hooks, which render Kong's custom tags.

export type Scope = Record<string, unknown>;

export interface LiquidHooks {
  /** Text of the partial at `path` (relative to _includes), or undefined when it is not available. */
  loadInclude(path: string): string | undefined;
  /** Renders a custom block tag given its rendered body. */
  block(name: string, args: string, body: string, scope: Scope): string;
  /** Renders a custom inline tag. */
  tag(name: string, args: string, scope: Scope): string;
}

type Token =
  | { kind: 'text'; value: string }
  | { kind: 'out'; expr: string }
  | { kind: 'tag'; name: string; args: string };

type Node =
  | { kind: 'text'; value: string }
  | { kind: 'out'; expr: string }
  | { kind: 'tag'; name: string; args: string }
  | { kind: 'block'; name: string; args: string; branches: Branch[] };

interface Branch {
  /** The tag that opened the branch: the block name, 'elsif' or 'else'. */
  tag: string;
  args: string;
  body: Node[];
}

const MAX_INCLUDE_DEPTH = 8;

/** Splits a template into text, `{{ output }}` and `{% tag %}` tokens, honouring `-` whitespace control and raw. */
export function lexLiquid(src: string): Token[] {
  const tokens: Token[] = [];
  const re = /\{\{(-?)([\s\S]*?)(-?)\}\}|\{%(-?)\s*([\s\S]*?)\s*(-?)%\}/g;
  let last = 0;
  let trimNext = false;
  const pushText = (value: string, trimEnd: boolean): void => {
    let v = trimNext ? value.replace(/^\s+/, '') : value;
    if (trimEnd) v = v.replace(/\s+$/, '');
    if (v) tokens.push({ kind: 'text', value: v });
  };
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    const isOut = m[0].startsWith('{{');
    const trimBefore = (isOut ? m[1] : m[4]) === '-';
    const trimAfter = (isOut ? m[3] : m[6]) === '-';
    pushText(src.slice(last, m.index), trimBefore);
    last = re.lastIndex;
    trimNext = trimAfter;
    if (isOut) {
      tokens.push({ kind: 'out', expr: (m[2] ?? '').trim() });
      continue;
    }
    const body = m[5] ?? '';
    const name = /^[A-Za-z_][\w-]*/.exec(body)?.[0] ?? '';
    const args = body.slice(name.length).trim();
    if (name === 'raw') {
      // Everything up to endraw is literal text.
      const end = /\{%-?\s*endraw\s*-?%\}/g;
      end.lastIndex = last;
      const e = end.exec(src);
      const stop = e ? e.index : src.length;
      pushText(src.slice(last, stop), false);
      last = e ? end.lastIndex : src.length;
      re.lastIndex = last;
      trimNext = false;
      continue;
    }
    tokens.push({ kind: 'tag', name, args });
  }
  pushText(src.slice(last), false);
  return tokens;
}

/** Builds the node tree. A tag is a block when its `end` tag occurs in the template. */
export function parse(tokens: Token[]): Node[] {
  const blocks = new Set(tokens.flatMap((t) => (t.kind === 'tag' && t.name.startsWith('end') ? [t.name.slice(3)] : [])));
  let i = 0;
  const parseUntil = (stops: Set<string>): { nodes: Node[]; stop?: Token & { kind: 'tag' } } => {
    const nodes: Node[] = [];
    while (i < tokens.length) {
      const t = tokens[i++]!;
      if (t.kind !== 'tag') {
        nodes.push(t);
        continue;
      }
      if (stops.has(t.name)) return { nodes, stop: t };
      if (t.name.startsWith('end')) continue; // stray end tag
      if (!blocks.has(t.name)) {
        nodes.push(t);
        continue;
      }
      const end = `end${t.name}`;
      const inner = t.name === 'if' || t.name === 'unless' || t.name === 'for' ? new Set([end, 'elsif', 'else']) : new Set([end]);
      const branches: Branch[] = [];
      let tag = t.name;
      let args = t.args;
      for (;;) {
        const r = parseUntil(inner);
        branches.push({ tag, args, body: r.nodes });
        if (!r.stop || r.stop.name === end) break;
        tag = r.stop.name;
        args = r.stop.args;
      }
      nodes.push({ kind: 'block', name: t.name, args: t.args, branches });
    }
    return { nodes };
  };
  return parseUntil(new Set()).nodes;
}

function splitOutside(src: string, sep: RegExp, seps: string[] = []): string[] {
  // Splits on the sticky regex `sep` outside quotes; the matched separators go to `seps`.
  const parts: string[] = [];
  let quote = '';
  let cur = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === quote) quote = '';
      cur += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      cur += c;
      continue;
    }
    sep.lastIndex = 0;
    const m = sep.exec(src.slice(i));
    if (m && m.index === 0 && m[0].length > 0) {
      seps.push(m[0].trim());
      parts.push(cur);
      cur = '';
      i += m[0].length - 1;
      continue;
    }
    cur += c;
  }
  parts.push(cur);
  return parts;
}

function lookup(scope: Scope, path: string): unknown {
  const parts: string[] = [];
  const re = /([^.[\]]+)|\[\s*(?:"([^"]*)"|'([^']*)'|([^\]]+))\s*\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path))) {
    if (m[1] !== undefined) parts.push(m[1]);
    else if (m[2] !== undefined) parts.push(m[2]);
    else if (m[3] !== undefined) parts.push(m[3]);
    else if (m[4] !== undefined) {
      const key = evalValue(m[4].trim(), scope);
      parts.push(String(key));
    }
  }
  const [head, ...rest] = parts;
  if (head === undefined) return undefined;
  let cur = scopeGet(scope, head);
  for (const p of rest) {
    if (cur == null) return undefined;
    if (Array.isArray(cur)) {
      if (p === 'size') cur = cur.length;
      else if (p === 'first') cur = cur[0];
      else if (p === 'last') cur = cur[cur.length - 1];
      else cur = /^-?\d+$/.test(p) ? cur.at(Number(p)) : undefined;
    } else if (typeof cur === 'string') {
      cur = p === 'size' ? cur.length : undefined;
    } else if (typeof cur === 'object') {
      const obj = cur as Record<string, unknown>;
      cur = Object.hasOwn(obj, p) ? obj[p] : p === 'size' ? Object.keys(obj).length : undefined;
    } else {
      return undefined;
    }
  }
  return cur;
}

/** Own or inherited variable (nested scopes inherit through prototypes), never Object.prototype members. */
function scopeGet(scope: Scope, name: string): unknown {
  for (let s: object | null = scope; s && s !== Object.prototype; s = Object.getPrototypeOf(s) as object | null) {
    if (Object.hasOwn(s, name)) return (s as Scope)[name];
  }
  return undefined;
}

const EMPTY = Symbol('empty');

function evalValue(src: string, scope: Scope): unknown {
  const s = src.trim();
  if (s === '') return undefined;
  if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) return s.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (s === 'nil' || s === 'null') return undefined;
  if (s === 'empty' || s === 'blank') return EMPTY;
  const range = /^\((\S+)\.\.(\S+)\)$/.exec(s);
  if (range) {
    const a = Number(evalValue(range[1]!, scope));
    const b = Number(evalValue(range[2]!, scope));
    if (!Number.isFinite(a) || !Number.isFinite(b) || b - a > 1000) return [];
    return Array.from({ length: Math.max(0, b - a + 1) }, (_, k) => a + k);
  }
  return lookup(scope, s);
}

function isEmpty(v: unknown): boolean {
  if (v == null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

function equals(a: unknown, b: unknown): boolean {
  if (a === EMPTY) return isEmpty(b);
  if (b === EMPTY) return isEmpty(a);
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b) && a != null && b != null;
  return a === b;
}

function compare(left: string, scope: Scope): boolean {
  const m = /^(.+?)\s*(==|!=|<>|<=|>=|<|>|\bcontains\b)\s*(.+)$/.exec(left.trim());
  if (!m) return truthy(evalValue(left, scope));
  const a = evalValue(m[1]!, scope);
  const b = evalValue(m[3]!, scope);
  switch (m[2]) {
    case '==':
      return equals(a, b);
    case '!=':
    case '<>':
      return !equals(a, b);
    case 'contains':
      if (typeof a === 'string') return typeof b === 'string' && a.includes(b);
      if (Array.isArray(a)) return a.some((x) => equals(x, b));
      return false;
    default: {
      const x = Number(a);
      const y = Number(b);
      if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
      return m[2] === '<' ? x < y : m[2] === '>' ? x > y : m[2] === '<=' ? x <= y : x >= y;
    }
  }
}

function truthy(v: unknown): boolean {
  return v !== undefined && v !== null && v !== false;
}

/** Evaluates a condition. Liquid has no precedence: `and`/`or` apply right to left. */
export function evalCondition(src: string, scope: Scope): boolean {
  const ops: string[] = [];
  const parts = splitOutside(src, /\s+(and|or)\s+/y, ops);
  let result = compare(parts[parts.length - 1]!, scope);
  for (let k = parts.length - 2; k >= 0; k--) {
    const v = compare(parts[k]!, scope);
    result = ops[k] === 'and' ? v && result : v || result;
  }
  return result;
}

function toText(v: unknown): string {
  if (v == null || v === EMPTY) return '';
  if (Array.isArray(v)) return v.map(toText).join('');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function applyFilter(value: unknown, name: string, args: unknown[]): unknown {
  const str = (): string => toText(value);
  const a0 = args[0];
  switch (name) {
    case 'default':
      return value == null || value === '' || value === false || (Array.isArray(value) && value.length === 0) ? a0 : value;
    case 'append':
      return str() + toText(a0);
    case 'prepend':
      return toText(a0) + str();
    case 'upcase':
      return str().toUpperCase();
    case 'downcase':
      return str().toLowerCase();
    case 'capitalize':
      return str().charAt(0).toUpperCase() + str().slice(1);
    case 'strip':
      return str().trim();
    case 'replace':
      return str().split(toText(a0)).join(toText(args[1]));
    case 'replace_first':
      return str().replace(toText(a0), toText(args[1]));
    case 'remove':
      return str().split(toText(a0)).join('');
    case 'split':
      return str().split(toText(a0));
    case 'join':
      return Array.isArray(value) ? value.map(toText).join(a0 === undefined ? ' ' : toText(a0)) : value;
    case 'first':
      return Array.isArray(value) ? value[0] : value;
    case 'last':
      return Array.isArray(value) ? value[value.length - 1] : value;
    case 'size':
      return Array.isArray(value) || typeof value === 'string' ? value.length : 0;
    case 'reverse':
      return Array.isArray(value) ? [...value].reverse() : value;
    case 'where':
      if (!Array.isArray(value)) return [];
      return value.filter((x) => {
        const v = x && typeof x === 'object' ? (x as Record<string, unknown>)[toText(a0)] : undefined;
        return args.length > 1 ? equals(args[1], v) : truthy(v);
      });
    case 'map':
      return Array.isArray(value) ? value.map((x) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[toText(a0)] : undefined)) : value;
    case 'plus':
      return Number(value) + Number(a0);
    case 'minus':
      return Number(value) - Number(a0);
    case 'times':
      return Number(value) * Number(a0);
    case 'slugify':
      return str().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    case 'indent': {
      // Kong's indent filter: indent every line after the first (the template indents the first).
      const pad = ' '.repeat(Number(a0) || 0);
      return str().split('\n').map((l, k) => (k === 0 || l === '' ? l : pad + l)).join('\n');
    }
    default:
      // markdownify, liquify, escape, jsonify, absolute_url and the like: the text is what matters.
      return value;
  }
}

/** Evaluates `value | filter: a, b | filter2`. */
export function evalExpression(src: string, scope: Scope): unknown {
  const [head, ...filters] = splitOutside(src, /\|/y);
  let v = evalValue(head ?? '', scope);
  for (const f of filters) {
    const m = /^\s*([\w-]+)\s*(?::\s*([\s\S]*))?$/.exec(f);
    if (!m) continue;
    const args = m[2] ? splitOutside(m[2], /,/y).map((a) => evalValue(a, scope)) : [];
    v = applyFilter(v, m[1]!, args);
  }
  return v;
}

/** `path k=v k2="x"` -> path and parameters (values evaluated in scope). */
export function parseIncludeArgs(args: string, scope: Scope): { path: string; params: Scope } {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
  const path = (m?.[1] ?? '').replace(/^["']|["']$/g, '');
  const params: Scope = {};
  const re = /([\w-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s]+)/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m?.[2] ?? ''))) params[p[1]!] = evalValue(p[2]!, scope);
  return { path, params };
}

export class LiquidRenderer {
  constructor(private readonly hooks: LiquidHooks) {}

  render(src: string, scope: Scope, depth = 0): string {
    return this.renderNodes(parse(lexLiquid(src)), scope, depth);
  }

  private renderNodes(nodes: Node[], scope: Scope, depth: number): string {
    let out = '';
    for (const n of nodes) {
      if (n.kind === 'text') out += n.value;
      else if (n.kind === 'out') out += toText(evalExpression(n.expr, scope));
      else if (n.kind === 'tag') out += this.renderTag(n.name, n.args, scope, depth);
      else out += this.renderBlock(n, scope, depth);
    }
    return out;
  }

  private renderTag(name: string, args: string, scope: Scope, depth: number): string {
    if (name === 'assign') {
      const m = /^([\w-]+)\s*=\s*([\s\S]*)$/.exec(args);
      if (m) scope[m[1]!] = evalExpression(m[2]!, scope);
      return '';
    }
    if (name === 'include' || name === 'include_cached') {
      if (depth >= MAX_INCLUDE_DEPTH) return '';
      const { path, params } = parseIncludeArgs(args, scope);
      const text = this.hooks.loadInclude(path.replace(/^\//, ''));
      if (text === undefined) return '';
      // The partial sees the caller's variables plus `include`; its assignments stay local.
      const inner: Scope = Object.create(scope) as Scope;
      inner.include = params;
      return this.render(text, inner, depth + 1);
    }
    if (name === 'break' || name === 'continue' || name === 'increment' || name === 'decrement' || name === 'cycle') return '';
    return this.hooks.tag(name, this.render(args, scope, depth), scope);
  }

  private renderBlock(n: Node & { kind: 'block' }, scope: Scope, depth: number): string {
    const first = n.branches[0]!;
    switch (n.name) {
      case 'if':
      case 'unless': {
        for (const b of n.branches) {
          if (b.tag === 'else') return this.renderNodes(b.body, scope, depth);
          const ok = evalCondition(b.args, scope);
          if (b.tag === 'unless' ? !ok : ok) return this.renderNodes(b.body, scope, depth);
        }
        return '';
      }
      case 'for': {
        const m = /^([\w-]+)\s+in\s+(\S+)([\s\S]*)$/.exec(n.args);
        let items = m ? evalValue(m[2]!, scope) : undefined;
        if (items && typeof items === 'object' && !Array.isArray(items)) items = Object.entries(items);
        if (!Array.isArray(items) || items.length === 0 || !m) {
          const alt = n.branches.find((b) => b.tag === 'else');
          return alt ? this.renderNodes(alt.body, scope, depth) : '';
        }
        const opts = m[3] ?? '';
        const offset = Number(/offset:\s*(\d+)/.exec(opts)?.[1] ?? 0);
        const limit = /limit:\s*(\d+)/.exec(opts)?.[1];
        let list = items.slice(offset, limit === undefined ? undefined : offset + Number(limit));
        if (/\breversed\b/.test(opts)) list = list.reverse();
        let out = '';
        list.forEach((item, k) => {
          const inner: Scope = Object.create(scope) as Scope;
          inner[m[1]!] = item;
          inner.forloop = { index: k + 1, index0: k, first: k === 0, last: k === list.length - 1, length: list.length };
          out += this.renderNodes(first.body, inner, depth);
        });
        return out;
      }
      case 'capture': {
        const name = n.args.trim();
        scope[name] = this.renderNodes(first.body, scope, depth);
        return '';
      }
      case 'comment':
        return '';
      default:
        return this.hooks.block(n.name, this.render(n.args, scope, depth), this.renderNodes(first.body, scope, depth), scope);
    }
  }
}
