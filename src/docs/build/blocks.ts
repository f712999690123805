// Kong's custom Liquid tags -> readable Markdown (or nothing). Their bodies are mostly YAML.
import { konnectOrigin } from '../../config.js';
import { isObject } from '../../json.js';
import type { Scope } from './liquid.js';

export type ParseYaml = (text: string) => unknown;

/** Blocks whose output is not text a reader would search for. */
const DROPPED_BLOCKS = new Set(['mermaid', 'validation', 'konnect_roles_table']);

/** Blocks shown as code: the body is the configuration a reader copies. */
const CODE_BLOCKS: Record<string, string> = {
  entity_examples: 'yaml',
  entity_example: 'yaml',
  konnect_crd: 'yaml',
  httproute: 'yaml',
  env_variables: 'sh',
};

/** Removes the common indentation, so YAML indented inside a list item parses. */
export function dedent(text: string): string {
  const lines = text.replace(/^\s*\n/, '').replace(/\s+$/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const min = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(min, /^ */.exec(l)![0].length))).join('\n');
}

function unquote(s: string): string {
  return s.trim().replace(/^(["'])([\s\S]*)\1$/, '$2');
}

function oneLine(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'object') return yamlPhrases(v).join('; ');
  return String(v).replace(/\s*\n\s*/g, ' ').trim();
}

/** Scalars of a YAML value as `key: value` phrases, depth first. */
function yamlPhrases(v: unknown, key = ''): string[] {
  if (v == null) return [];
  if (Array.isArray(v)) return v.flatMap((x) => yamlPhrases(x, key));
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => yamlPhrases(x, k));
  const s = oneLine(v);
  return s ? [key && !['content', 'description', 'text', 'summary'].includes(key) ? `${key}: ${s}` : s] : [];
}

function asRecord(v: unknown): Record<string, unknown> {
  return isObject(v) ? v : {};
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function fence(lang: string, body: string): string {
  return `\n\`\`\`${lang}\n${body.replace(/\s+$/, '')}\n\`\`\`\n`;
}

function renderTable(data: Record<string, unknown>, rowsKey: 'rows' | 'features'): string {
  const columns = asList(data.columns).map(asRecord);
  const lines: string[] = [];
  for (const row of asList(data[rowsKey]).map(asRecord)) {
    const cells: string[] = [];
    if (rowsKey === 'features' && row.title) cells.push(oneLine(row.title));
    for (const c of columns) {
      const key = String(c.key ?? '');
      const value = oneLine(row[key]);
      if (value) cells.push(`${oneLine(c.title)}: ${value}`);
    }
    if (cells.length) lines.push(`- ${cells.join('; ')}`);
  }
  return `\n${lines.join('\n')}\n`;
}

function renderRequest(data: Record<string, unknown>, parseHost: (region: string) => string): string {
  const method = String(data.method ?? 'GET').toUpperCase();
  const url = String(data.url ?? '');
  const full = /^https?:/.test(url) ? url : `${parseHost(String(data.region ?? 'us'))}${url}`;
  // Headers are the same boilerplate (token, JSON) everywhere; the method, URL and body are what differ.
  const lines = [`curl -X ${method} "${full}"`];
  if (data.body !== undefined) lines.push(`  --json '${JSON.stringify(data.body)}'`);
  return fence('sh', lines.join('\n'));
}

export interface BlockRenderer {
  block(name: string, args: string, body: string, scope: Scope): string;
  tag(name: string, args: string, scope: Scope): string;
}

export function createBlockRenderer(parseYaml: ParseYaml): BlockRenderer {
  const yaml = (body: string): Record<string, unknown> | undefined => {
    try {
      const v = parseYaml(dedent(body));
      return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    block(name, args, body) {
      if (DROPPED_BLOCKS.has(name)) return '';
      const lang = CODE_BLOCKS[name];
      if (lang) return fence(lang, dedent(body));
      switch (name) {
        case 'navtabs':
        case 'html_tag':
          return body;
        case 'navtab':
        case 'tab':
          return `\n**${unquote(args)}**\n\n${dedent(body)}\n`;
        case 'table':
        case 'feature_table': {
          const data = yaml(body);
          return data ? renderTable(data, name === 'table' ? 'rows' : 'features') : '';
        }
        case 'konnect_api_request':
        case 'control_plane_request':
        case 'http_request': {
          const data = yaml(body);
          return data ? renderRequest(data, konnectOrigin) : '';
        }
        case 'konnect':
        case 'on_prem': {
          const data = yaml(body);
          return data ? `\n${dedent(String(data.content ?? ''))}\n` : '';
        }
        case 'details': {
          const data = yaml(body);
          return data ? `\n${oneLine(data.summary)}\n\n${dedent(String(data.content ?? ''))}\n` : '';
        }
        case 'kong_config_table': {
          const data = yaml(body);
          const names = data ? [...asList(data.config), ...asList(data.directives)].map((c) => String(asRecord(c).name ?? '')).filter(Boolean) : [];
          return names.length ? `\nParameters: ${names.map((n) => `\`${n}\``).join(', ')}\n` : '';
        }
        default: {
          // Unknown YAML-bodied tag: keep its prose as lines.
          const data = yaml(body);
          return data ? `\n${yamlPhrases(data).map((l) => `- ${l}`).join('\n')}\n` : '';
        }
      }
    },
    tag() {
      // new_in, icon_card, how_to_list, plugin tables, kong_conf and friends render site data we don't have.
      return '';
    },
  };
}
