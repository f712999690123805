// The docs corpus (files as pinned in specs/docs-sources.json) -> rendered pages. Build time only.
import type { ParseYaml } from './blocks.js';
import { splitFrontMatter } from './frontmatter.js';
import { PageRenderer, type RenderedPage } from './page.js';
import { buildSite, type DataFile } from './site.js';

export interface CorpusFile {
  path: string;
  url: string;
}

export interface CorpusDeps {
  parseYaml: ParseYaml;
  /** A corpus file's text by its repository path, or undefined when absent. */
  read(path: string): string | undefined;
  /** Told about a page that cannot be rendered (it is left out). */
  warn?: (message: string) => void;
}

const INCLUDES = 'app/_includes/';
const EXAMPLE_RE = /^app\/(_kong_plugins|_event_gateway_policies)\/([^/]+)\/examples\/[^/]+\.ya?ml$/;

function includePath(path: string): string {
  const p = path.replace(/^\//, '');
  return INCLUDES + (/\.\w+$/.test(p) ? p : `${p}.md`);
}

export function renderCorpus(files: CorpusFile[], source: CorpusDeps): RenderedPage[] {
  // A few sources use CRLF line ends; Markdown and Liquid parsing here expect LF.
  const deps: CorpusDeps = { ...source, read: (path) => source.read(path)?.replace(/\r\n?/g, '\n') };
  const yaml = (path: string): unknown => {
    const text = deps.read(path);
    if (text === undefined) return undefined;
    try {
      return deps.parseYaml(text);
    } catch {
      return undefined;
    }
  };
  const config = yaml('jekyll.yml');
  const dataFiles: DataFile[] = files
    .filter((f) => f.path.startsWith('app/_data/') && /\.ya?ml$/.test(f.path))
    .map((f) => ({ name: f.path.slice('app/_data/'.length).replace(/\.ya?ml$/, ''), data: yaml(f.path) }));
  const site = buildSite(config && typeof config === 'object' ? (config as Record<string, unknown>) : {}, dataFiles);
  const renderer = new PageRenderer({ parseYaml: deps.parseYaml, site, loadInclude: (p) => deps.read(includePath(p)) });

  // Example pages are named after their plugin or policy.
  const owners = new Map<string, string>();
  for (const f of files) {
    const m = /^app\/(_kong_plugins|_event_gateway_policies)\/([^/]+)\/index\.md$/.exec(f.path);
    if (!m) continue;
    const text = deps.read(f.path);
    if (text === undefined) continue;
    try {
      const data = splitFrontMatter(text, deps.parseYaml).data;
      const name = data.name ?? data.title;
      if (typeof name === 'string') owners.set(`${m[1]}/${m[2]}`, m[1] === '_kong_plugins' ? `${name} plugin` : `${name} policy`);
    } catch {
      // an unreadable front matter leaves the slug as the name
    }
  }

  const pages: RenderedPage[] = [];
  for (const f of files) {
    if (!f.url) continue;
    const text = deps.read(f.path);
    if (text === undefined) continue;
    try {
      const ex = EXAMPLE_RE.exec(f.path);
      if (ex) pages.push(renderer.renderExample({ ...f, text }, owners.get(`${ex[1]}/${ex[2]}`) ?? ex[2]!, f.url.replace(/examples\/[^/]+\/?$/, '')));
      else if (f.path.endsWith('.md')) pages.push(renderer.renderMarkdown({ ...f, text }));
    } catch (err) {
      // One malformed source (bad YAML) should not cost the other pages.
      deps.warn?.(`left out ${f.path}: ${(err as Error).message}`);
    }
  }
  return pages;
}
