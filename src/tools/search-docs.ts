import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { ToolDeps } from '../deps.js';
import { ToolInputError } from '../errors.js';
import { checkQueryLength, failure, success, type ToolResult } from './result.js';
import { withToolJsonSchemas } from './json-schemas.js';

export const name = 'search_docs';

export const inputSchema = z
  .object({
    query: z.string().min(1).optional().describe('A question or keywords'),
    // Lengths are checked when reading (long URLs and cursors are refused there), not in tools/list.
    url: z.string().optional().describe('A result URL to read'),
    next: z.string().optional().describe('Continue a read'),
    limit: z.number().int().min(1).max(20).default(5).describe('Max results (1-20)'),
  })
  .refine((a) => (a.query === undefined) !== (a.url === undefined), { message: 'Pass query (to search) or url (to read), not both' });

// A read answers with one result (the page or section) and its text.
export const outputSchema = z.object({
  results: z.array(z.object({ title: z.string(), url: z.string(), section: z.string(), snippet: z.string().optional() })),
  text: z.string().optional(),
  next: z.string().optional(),
});

export const config = {
  title: 'Search Kong docs',
  description:
    'Search Kong docs offline (Konnect, Gateway, plugins, AI Gateway, Dev Portal, decK, kongctl, Kubernetes, errors). ' +
    'query finds sections; url reads one in full.',
  inputSchema,
  outputSchema,
  annotations: { title: 'Search Kong docs', readOnlyHint: true, openWorldHint: false },
};

export type SearchDocsArgs = z.input<typeof inputSchema>;
export type SearchDocsOutput = z.infer<typeof outputSchema>;

export async function runSearchDocs(args: SearchDocsArgs, deps: ToolDeps): Promise<SearchDocsOutput> {
  const docs = await deps.docs();
  if (args.url !== undefined) {
    const { title, url, section, text, next } = docs.read(args.url, args.next);
    return { results: [{ title, url, section }], text, ...(next ? { next } : {}) };
  }
  if (args.next !== undefined) throw new ToolInputError('next continues a reading: pass it with the same url.');
  checkQueryLength(args.query ?? '');
  return { results: docs.search(args.query ?? '', args.limit ?? 5) };
}

export function renderDocs(out: SearchDocsOutput): string {
  const heading = (r: SearchDocsOutput['results'][number]): string => `${r.title}${r.section ? ` › ${r.section}` : ''}\n${r.url}`;
  if (out.text !== undefined && out.results[0]) {
    const more = out.next ? `\n\n[Continues: call search_docs with url "${out.results[0].url}" and next "${out.next}".]` : '';
    return `${heading(out.results[0])}\n\n${out.text}${more}`;
  }
  if (out.results.length === 0) return 'No documentation matched. Try other words.';
  return out.results.map((r) => `${heading(r)}\n${r.snippet ?? ''}`).join('\n\n');
}

export async function handle(args: SearchDocsArgs, deps: ToolDeps): Promise<ToolResult> {
  try {
    const out = await runSearchDocs(args, deps);
    return success(out, renderDocs(out));
  } catch (err) {
    return failure(err);
  }
}

export function register(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, withToolJsonSchemas(name, config, deps.jsonSchemas), (args) => handle(args, deps));
}
