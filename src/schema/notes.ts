// Short notes on a query body (a POST that only reads, such as the analytics queries), read out of its schema:
// how time ranges are written, how many values a list takes, whether results can be sorted, how ids are written.
// Nothing here names an operation: the same walk serves every query body of every spec.
import { idKind, scopedForm } from './id-form.js';
import { dict, isObject, type Raw } from '../json.js';
import { firstSentence, flattenSchema, stackOf, unionOf } from './flatten.js';

export const MAX_NOTES = 5;
/** Schema nodes visited per body at most (the analytics bodies take about a thousand). */
const MAX_VISITS = 20_000;
const MAX_DEPTH = 12;
const DURATION = /^\d+[a-z]+$/i;
const SORT_NAME = /^(sort|order)(_?by)?$/i;
const GROUP_BY = /\bgroup(ed)? by\b/i;
/** Plain-UUID id fields named in the id note (the metrics query has 12). */
const PLAIN_SHOWN = 16;

interface TimeForm {
  pinned: Record<string, string>;
  duration?: { prop: string; values: string[] };
  dates: string[];
}

interface Facts {
  /** Per property holding the time range: its relative and absolute forms. */
  times: Map<string, TimeForm[]>;
  /** List property -> maxItems values seen, for lists of enum values. */
  caps: Map<string, Set<number>>;
  groupBy: Set<string>;
  /** Top-level sort properties with their schema. */
  sorts: Map<string, Raw>;
  /** Top-level numeric limit, if any. */
  limit?: Raw;
  scoped: { fields: Set<string>; description: string | undefined };
  plain: Set<string>;
}

function pinnedValue(doc: unknown, node: unknown): string | undefined {
  if (!isObject(node)) return undefined;
  const s = flattenSchema(doc, node, []).schema;
  if (typeof s.const === 'string') return s.const;
  return Array.isArray(s.enum) && s.enum.length === 1 && typeof s.enum[0] === 'string' ? s.enum[0] : undefined;
}

function itemsOf(doc: unknown, s: Raw, stack: readonly string[]): Raw | undefined {
  return isObject(s.items) ? flattenSchema(doc, s.items, stack).schema : undefined;
}

/** Reads the facts out of a body schema. */
function collect(doc: unknown, body: unknown): Facts {
  const facts: Facts = { times: new Map(), caps: new Map(), groupBy: new Set(), sorts: new Map(), scoped: { fields: new Set(), description: undefined }, plain: new Set() };
  let visits = 0;
  // `field`: the value the nearest object pins one of its properties to (a filter's field: gateway_service).
  const visit = (node: unknown, stack: readonly string[], owner: string, field: string | undefined, described: string | undefined, depth: number): void => {
    if (!isObject(node) || ++visits > MAX_VISITS || depth > MAX_DEPTH) return;
    const flat = flattenSchema(doc, node, stack);
    if (flat.cycle || flat.missing) return;
    const s = flat.schema;
    const description = typeof s.description === 'string' ? s.description : described;
    const kind = idKind(s.pattern);
    if (kind) {
      // A filter names its field (field: gateway_service); a plain property is named by itself.
      const name = field ?? owner;
      if (kind === 'scoped-uuid') {
        if (name) facts.scoped.fields.add(name);
        facts.scoped.description ??= description;
      } else if (name) facts.plain.add(name);
    }
    const props = isObject(s.properties) ? Object.entries(s.properties) : [];
    let here = field;
    if (props.length > 0) {
      const form: TimeForm = { pinned: dict<string>(), dates: [] }; // keyed by the spec's property names
      for (const [name, sub] of props) {
        const value = pinnedValue(doc, sub);
        if (value !== undefined) {
          here = value;
          form.pinned[name] = value;
        }
        const p = isObject(sub) ? flattenSchema(doc, sub, stackOf(flat, sub)).schema : {};
        const values = Array.isArray(p.enum) ? p.enum.filter((v): v is string => typeof v === 'string') : [];
        if (values.filter((v) => DURATION.test(v)).length >= 2) form.duration = { prop: name, values };
        if (p.format === 'date-time') form.dates.push(name);
        if (p.type === 'array' && typeof p.maxItems === 'number' && Array.isArray(itemsOf(doc, p, stackOf(flat, sub))?.enum)) {
          facts.caps.set(name, (facts.caps.get(name) ?? new Set()).add(p.maxItems));
        }
        if (p.type === 'array' && GROUP_BY.test(String(p.description ?? ''))) facts.groupBy.add(name);
        if (depth <= 1 && SORT_NAME.test(name)) facts.sorts.set(name, p);
        if (depth <= 1 && name === 'limit' && (p.type === 'number' || p.type === 'integer')) facts.limit = p;
      }
      if (form.duration || form.dates.length > 0) facts.times.set(owner, [...(facts.times.get(owner) ?? []), form]);
    }
    for (const [name, sub] of props) visit(sub, stackOf(flat, sub), name, here, undefined, depth + 1);
    if (s.items !== undefined) visit(s.items, stackOf(flat, s.items), owner, here, description, depth);
    for (const v of unionOf(s)?.variants ?? []) visit(v, stackOf(flat, v), owner, here, description, depth);
  };
  visit(body, [], '', undefined, undefined, 0);
  return facts;
}

function quoteList(values: string[]): string {
  return values.join(', ');
}

function timeNote(owner: string, forms: TimeForm[]): string | undefined {
  const relative = forms.find((f) => f.duration);
  const absolute = forms.find((f) => !f.duration && f.dates.length > 0);
  if (!relative?.duration) return undefined;
  const { prop, values } = relative.duration;
  const durations = values.filter((v) => DURATION.test(v));
  const letters = durations.join('').replace(/[^a-z]/gi, '');
  const written = letters === letters.toLowerCase() ? 'lower case' : letters === letters.toUpperCase() ? 'upper case' : 'as listed';
  const sample = durations.find((v) => /^24h$/i.test(v)) ?? durations[0]!;
  const rel = JSON.stringify({ ...relative.pinned, [prop]: sample });
  const abs = absolute ? `, or ${JSON.stringify({ ...absolute.pinned, ...Object.fromEntries(absolute.dates.map((d) => [d, '<date-time>'])) })}` : '';
  const where = owner ? `${owner}: ` : 'Time range: ';
  return `${where}${rel} with ${prop} one of ${quoteList(values)} (${written}, exactly as listed)${abs}.`;
}

function capsNote(caps: Map<string, Set<number>>): string | undefined {
  if (caps.size === 0) return undefined;
  const parts = [...caps].map(([name, max]) => `${[...max].sort((a, b) => a - b).join(' or ')} ${name}`);
  return `At most ${parts.join(' and ')} per query (maxItems).`;
}

function sortNote(facts: Facts): string | undefined {
  const [name, sort] = [...facts.sorts][0] ?? [];
  if (name && sort) {
    const values = Array.isArray(sort.enum) ? ` (${sort.enum.map(String).join('|')}${sort.default !== undefined ? `, default ${String(sort.default)}` : ''})` : '';
    const what = firstSentence(sort.description);
    return `Sorting: only ${name}${values}${what ? `: ${what}` : '.'}`;
  }
  if (facts.groupBy.size === 0) return undefined;
  const lists = [...facts.groupBy].join(', ');
  const limit = facts.limit ? ` (limit only caps how many groups come back${facts.limit.default !== undefined ? `, default ${String(facts.limit.default)}` : ''})` : '';
  return `Results come one row per combination of ${lists}; there is no sort field: sort the rows yourself for a top N${limit}.`;
}

function idNote(facts: Facts): string | undefined {
  const fields = [...facts.scoped.fields].sort();
  if (fields.length === 0) return undefined;
  const { form, example } = scopedForm(facts.scoped.description, 'entity');
  const plain = [...facts.plain].filter((f) => !facts.scoped.fields.has(f)).sort();
  const shown = plain.slice(0, PLAIN_SHOWN).join(', ') + (plain.length > PLAIN_SHOWN ? ', …' : '');
  const others = plain.length > 0 ? `; ${shown} take plain UUIDs` : '';
  return `${quoteList(fields)} take ids written ${form}, two UUIDs joined by ':' (e.g. ${example})${others}.`;
}

/** At most MAX_NOTES lines about a query body; [] when nothing notable is found. */
export function queryNotes(doc: unknown, body: unknown): string[] {
  const facts = collect(doc, body);
  const notes = [...facts.times].map(([owner, forms]) => timeNote(owner, forms));
  notes.push(capsNote(facts.caps), sortNote(facts), idNote(facts));
  return notes.filter((n): n is string => n !== undefined).slice(0, MAX_NOTES);
}
