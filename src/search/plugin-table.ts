// Build time only: the table of gateway plugins that plugins.ts reads at query time, from Kong's plugin pages: each
// plugin's name, title and what it does (description, aliases, tags, the opening of its overview).
import type { RenderedPage } from '../docs/build/page.js';
import { splitFrontMatter } from '../docs/build/frontmatter.js';
import { lowercaseWords } from '../text/words.js';
import type { PluginEntry } from './plugins.js';

/** Overview characters kept per plugin: its opening says what it does; the rest is detail. */
const INTRO_CHARS = 300;
const PLUGIN_URL = /^\/plugins\/([a-z0-9-]{1,80})\/$/;

/**
 * Build time: the plugins Kong documents as working on Konnect, from their rendered pages; `raw` (Markdown by URL)
 * has the front matter that says a page is a plugin's and where it runs.
 */
export function buildPluginTable(pages: RenderedPage[], raw: { url: string; text: string }[], parseYaml: (s: string) => unknown): PluginEntry[] {
  const front = new Map(raw.map((r) => [r.url, r.text]));
  const out: PluginEntry[] = [];
  for (const page of pages) {
    const name = page.kind === 'page' ? PLUGIN_URL.exec(new URL(page.url, 'https://x').pathname)?.[1] : undefined;
    const text = front.get(page.url);
    if (!name || text === undefined) continue;
    const data = splitFrontMatter(text, parseYaml).data;
    const worksOn = Array.isArray(data.works_on) ? data.works_on : [];
    if (data.content_type !== 'plugin' || !worksOn.includes('konnect')) continue;
    const opening = (page.sections[0]?.text ?? '').slice(0, INTRO_CHARS);
    const intro = opening.length < INTRO_CHARS ? opening : opening.slice(0, opening.lastIndexOf(' '));
    const words = new Set(lowercaseWords([page.description, ...page.keywords, intro].join(' ')));
    out.push({ name, title: page.title, about: [...words].join(' ') });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

