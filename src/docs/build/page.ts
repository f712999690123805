// One source file (Markdown page or plugin/policy example YAML) -> a rendered page split into sections.
import { createBlockRenderer, type ParseYaml } from './blocks.js';
import { pageFields, splitFrontMatter, type Faq } from './frontmatter.js';
import { LiquidRenderer, type Scope } from './liquid.js';
import { DEFAULT_CODE_LIMITS, inlineText, markdownToText, type CodeLimits, type ReadingOptions } from './markdown.js';
import { splitSections } from './sections.js';

export interface RenderDeps {
  parseYaml: ParseYaml;
  site: Record<string, unknown>;
  /** A partial's text by its path under app/_includes (as written in the tag), or undefined when not copied. */
  loadInclude(path: string): string | undefined;
  codeLimits?: CodeLimits;
}

export interface PageSection {
  heading: string;
  anchor: string;
  /** Indexed text: code shortened, links as their words. */
  text: string;
  /** Text for reading: code whole, links absolute. */
  full: string;
  /** Heading level (0 for the intro): reading a section includes its deeper subsections. */
  level: number;
}

export interface RenderedPage {
  /** Example pages show one configuration; they rank below overview pages. */
  kind: 'page' | 'example';
  /** URL of the plugin or policy page an example belongs to. */
  parentUrl?: string;
  /** Front matter `products` (slugs such as gateway, kic, operator, mesh). */
  products: string[];
  title: string;
  url: string;
  description: string;
  /** search_aliases, tags and names the page is known by. */
  keywords: string[];
  /** tldr and FAQ questions: how readers phrase what the page answers. */
  questions: string[];
  /** Pages this one recommends (absolute URLs), with the words it uses for them. */
  related?: { text: string; url: string }[];
  sections: PageSection[];
}

export interface SourcePage {
  /** Path in the source repository, e.g. app/_kong_plugins/acl/index.md. */
  path: string;
  url: string;
  text: string;
}

/** `{ a: { b: 1 } }` -> `config.a.b: 1`: the dotted names readers search for and the docs use. */
function configLines(value: unknown, path: string): string[] {
  if (value == null) return [];
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return [`${path}: ${value.map(String).join(', ')}`];
    return value.flatMap((v) => configLines(v, path));
  }
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => configLines(v, `${path}.${k}`));
  return [`${path}: ${String(value).replace(/\s*\n\s*/g, ' ')}`];
}

export class PageRenderer {
  private readonly liquid: LiquidRenderer;
  private readonly limits: CodeLimits;

  constructor(private readonly deps: RenderDeps) {
    const blocks = createBlockRenderer(deps.parseYaml);
    this.liquid = new LiquidRenderer({
      loadInclude: (p) => deps.loadInclude(p),
      block: (name, args, body, scope) => blocks.block(name, args, body, scope),
      tag: (name, args, scope) => blocks.tag(name, args, scope),
    });
    this.limits = deps.codeLimits ?? DEFAULT_CODE_LIMITS;
  }

  private scope(page: Record<string, unknown>): Scope {
    return { site: this.deps.site, page };
  }

  /** Renders Liquid in a front-matter string, as one line. */
  private inline(text: string, scope: Scope): string {
    return inlineText(this.liquid.render(text, scope));
  }

  /** Indexed and readable text of rendered Markdown. */
  private both(rendered: string, reading: ReadingOptions): { text: string; full: string } {
    return { text: markdownToText(rendered, this.limits), full: markdownToText(rendered, this.limits, reading) };
  }

  private text(markdown: string, scope: Scope, reading: ReadingOptions): { text: string; full: string } {
    return this.both(this.liquid.render(markdown, scope), reading);
  }

  renderMarkdown(src: SourcePage): RenderedPage {
    const fm = splitFrontMatter(src.text.replace(/\r\n?/g, '\n'), this.deps.parseYaml);
    const slug = /_kong_plugins\/([^/]+)\/index\.md$|_event_gateway_policies\/([^/]+)\/index\.md$/.exec(src.path);
    const page: Record<string, unknown> = { ...fm.data, url: new URL(src.url).pathname, path: src.path };
    if (slug) page.slug = slug[1] ?? slug[2];
    const scope = this.scope(page);
    const f = pageFields(fm.data);
    const asked: Faq[] = [...(f.tldr ? [f.tldr] : []), ...f.faqs];

    const reading = { linkBase: src.url };
    const sections: PageSection[] = [];
    for (const s of splitSections(this.liquid.render(fm.body, scope))) {
      sections.push({ heading: inlineText(s.heading), anchor: s.anchor, level: s.level, ...this.both(s.markdown, reading) });
    }
    // The tldr box sits above the body, so its answer opens the intro; FAQs follow the body. Both link to the page.
    const intro = sections[0]!;
    if (f.tldr?.a) {
      const tldr = this.text(f.tldr.a, scope, reading);
      intro.text = [tldr.text, intro.text].filter(Boolean).join('\n\n');
      intro.full = [tldr.full, intro.full].filter(Boolean).join('\n\n');
    }
    for (const q of f.faqs) {
      const heading = this.inline(q.q, scope);
      const answer = this.text(q.a, scope, reading);
      if (heading || answer.text) sections.push({ heading, anchor: '', level: 2, ...answer });
    }
    const name = typeof fm.data.name === 'string' ? fm.data.name : '';
    return {
      kind: 'page',
      products: Array.isArray(fm.data.products) ? fm.data.products.filter((p): p is string => typeof p === 'string') : [],
      title: this.inline(f.title, scope) || src.path,
      url: src.url,
      description: this.inline(f.description, scope),
      keywords: [...f.searchAliases, ...f.tags, ...(name && name !== f.title ? [name] : [])].map((k) => this.inline(k, scope)).filter(Boolean),
      questions: asked.map((q) => this.inline(q.q, scope)).filter(Boolean),
      related: f.related.flatMap((r) => {
        try {
          return [{ text: this.inline(r.text, scope), url: new URL(r.url, src.url).href }];
        } catch {
          return [];
        }
      }),
      sections,
    };
  }

  /** A plugin or policy example: title, descriptions, and the configuration it shows. */
  renderExample(src: SourcePage, owner: string, parentUrl?: string): RenderedPage {
    const parsed = this.deps.parseYaml(src.text);
    const data = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    const scope = this.scope({ ...data, url: new URL(src.url).pathname, path: src.path });
    const str = (v: unknown): string => (typeof v === 'string' ? v : '');
    const title = this.inline(str(data.title), scope);
    const description = this.inline(str(data.description), scope);
    const parts = [str(data.extended_description)];
    for (const r of Array.isArray(data.requirements) ? data.requirements : []) parts.push(`- ${str(r)}`);
    const config = [...(data.type ? [`type: ${str(data.type)}`] : []), ...configLines(data.config, 'config')];
    if (config.length) parts.push(`\`\`\`yaml\n${config.join('\n')}\n\`\`\``);
    const variables = data.variables && typeof data.variables === 'object' ? Object.values(data.variables as Record<string, unknown>) : [];
    for (const v of variables) {
      const d = v && typeof v === 'object' ? str((v as { description?: unknown }).description) : '';
      if (d) parts.push(`- ${d}`);
    }
    return {
      kind: 'example',
      products: [],
      ...(parentUrl ? { parentUrl } : {}),
      title: `${owner} example: ${title}`,
      url: src.url,
      description,
      keywords: [owner],
      questions: [],
      sections: [{ heading: '', anchor: '', level: 0, ...this.text(parts.filter(Boolean).join('\n\n'), scope, { linkBase: src.url }) }],
    };
  }
}
