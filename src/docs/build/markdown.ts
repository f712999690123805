// Rendered Markdown -> compact plain text for indexing and snippets.

export interface CodeLimits {
  /** Lines kept from each code block. */
  lines: number;
  /** Characters kept from each code line. */
  width: number;
}

export const DEFAULT_CODE_LIMITS: CodeLimits = { lines: 12, width: 160 };

const HTML_TAGS =
  'a|abbr|b|blockquote|br|button|center|code|dd|del|details|div|dl|dt|em|figcaption|figure|h[1-6]|hr|i|iframe|img|input|ins|kbd|label|li|ol|option|p|path|pre|s|section|select|small|source|span|strong|sub|summary|sup|svg|table|tbody|td|th|thead|tr|u|ul|video';
const HTML_TAG_RE = new RegExp(`</?(?:${HTML_TAGS})(?:\\s[^<>]*)?/?>`, 'gi');
const FENCE_RE = /^(\s*)(`{3,}|~{3,})/;

/** Removes kramdown attribute lists (`{:.info}`, `{: data-x="y"}`), on their own line or trailing. */
export function stripIal(text: string): string {
  return text.replace(/^[ \t]*\{:[^}\n]*\}[ \t]*\n?/gm, '').replace(/[ \t]*\{:[^}\n]*\}[ \t]*$/gm, '');
}

function shortenCode(lines: string[], limits: CodeLimits): string[] {
  const body = lines.filter((l) => l.trim() !== '');
  const kept = body.slice(0, limits.lines).map((l) => (l.length > limits.width ? `${l.slice(0, limits.width)}…` : l));
  if (body.length > limits.lines) kept.push('…');
  return kept;
}

/** `[text](href)` -> `text (absolute URL)` when reading; `text` alone for the index. */
function linkText(base: string | undefined): (all: string, text: string, href: string) => string {
  return (_all, text, href) => {
    if (!base || !href) return text;
    let abs: string;
    try {
      abs = new URL(href, base).href;
    } catch {
      return text;
    }
    return text ? `${text} (${abs})` : abs;
  };
}

function cleanProse(line: string, linkBase?: string): string {
  return line
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\s*\{:[^}]*\}/g, '')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(HTML_TAG_RE, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\(([^)\s]*)(?:\s+"[^"]*")?\)/g, linkText(linkBase))
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/__([^_]+)__/g, '$1')
    .replace(/^\s*>\s?/, '')
    .replace(/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/, '')
    .replace(/\\([|*_`[\]#<>])/g, '$1')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .trimEnd();
}

/** How to render for reading rather than indexing: code blocks whole, links as absolute URLs. */
export interface ReadingOptions {
  /** The page's URL, against which relative links resolve. */
  linkBase: string;
}

/** Markdown with Liquid already rendered -> readable text; code blocks are kept but shortened (whole when reading). */
export function markdownToText(markdown: string, limits: CodeLimits = DEFAULT_CODE_LIMITS, reading?: ReadingOptions): string {
  const src = stripIal(markdown.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ''));
  const out: string[] = [];
  const lines = src.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE_RE.exec(line);
    if (fence) {
      const marker = fence[2]!;
      const code: string[] = [];
      let j = i + 1;
      while (j < lines.length && !lines[j]!.trimStart().startsWith(marker)) code.push(lines[j++]!);
      const indent = fence[1]!.length;
      const body = code.map((l) => l.slice(Math.min(indent, /^ */.exec(l)![0].length)));
      // Fences stay when reading, so a model sees where code starts and ends.
      if (reading) out.push('', `${marker}${line.trim().slice(marker.length)}`, ...body, marker, '');
      else out.push('', ...shortenCode(body, limits), '');
      i = j;
      continue;
    }
    out.push(cleanProse(line, reading?.linkBase));
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** One-line form for titles and headings. */
export function inlineText(markdown: string): string {
  return cleanProse(stripIal(markdown).replace(/\s*\n\s*/g, ' '))
    .replace(/`([^`]*)`/g, '$1')
    .trim();
}
