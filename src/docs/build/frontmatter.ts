// Front matter: the YAML between the leading `---` lines, and the fields search cares about.

export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
}

export interface Faq {
  q: string;
  a: string;
}

export interface PageFields {
  title: string;
  description: string;
  tldr: Faq | undefined;
  faqs: Faq[];
  searchAliases: string[];
  tags: string[];
  /** related_resources: links to other pages, with the words this page uses for them. */
  related: { text: string; url: string }[];
}

/** Splits `---\n<yaml>\n---\n<body>`; a file without front matter is all body. */
export function splitFrontMatter(text: string, parseYaml: (s: string) => unknown): FrontMatter {
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return { data: {}, body: text };
  const parsed = parseYaml(m[1]!);
  const data = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  return { data, body: text.slice(m[0].length) };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(str).filter(Boolean) : typeof v === 'string' && v ? [v] : [];
}

function faq(v: unknown): Faq | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const { q, a } = v as { q?: unknown; a?: unknown };
  return str(q) || str(a) ? { q: str(q), a: str(a) } : undefined;
}

/** The searchable fields of a page's front matter, raw (Liquid not yet rendered). */
export function pageFields(data: Record<string, unknown>): PageFields {
  return {
    title: str(data.title),
    description: str(data.description),
    tldr: faq(data.tldr),
    faqs: Array.isArray(data.faqs) ? data.faqs.map(faq).filter((f): f is Faq => f !== undefined) : [],
    searchAliases: strings(data.search_aliases),
    tags: strings(data.tags),
    related: Array.isArray(data.related_resources)
      ? data.related_resources.flatMap((r: unknown) => {
          const { text, url } = (r && typeof r === 'object' ? r : {}) as { text?: unknown; url?: unknown };
          return str(text) && str(url) ? [{ text: str(text), url: str(url) }] : [];
        })
      : [],
  };
}
