import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { ToolDeps } from '../deps.js';
import { failure, success, type ToolResult } from './result.js';
import { withToolJsonSchemas } from './json-schemas.js';

export const name = 'search_docs';

export const inputSchema = z.object({
  query: z.string().min(1).describe('A question or keywords, e.g. "proxy a gRPC service"'),
  limit: z.number().int().min(1).max(20).default(5).describe('Max results (1-20)'),
});

export const outputSchema = z.object({
  results: z.array(z.object({ title: z.string(), url: z.string(), section: z.string(), snippet: z.string() })),
});

export const config = {
  title: 'Search Kong docs',
  description:
    'Search Kong docs offline (Konnect, Gateway, plugins, AI Gateway, Dev Portal, decK, kongctl, Kubernetes, troubleshooting). ' +
    'Ask in plain words; returns pages with the section URL (#anchor) and a snippet.',
  inputSchema,
  outputSchema,
  annotations: { title: 'Search Kong docs', readOnlyHint: true, openWorldHint: false },
};

export type SearchDocsArgs = z.input<typeof inputSchema>;
export type SearchDocsOutput = z.infer<typeof outputSchema>;

export async function runSearchDocs(args: SearchDocsArgs, deps: ToolDeps): Promise<SearchDocsOutput> {
  const docs = await deps.docs();
  return { results: docs.search(args.query, args.limit ?? 5) };
}

export function renderDocs(out: SearchDocsOutput): string {
  if (out.results.length === 0) return 'No documentation matched. Try other words.';
  return out.results.map((r) => `${r.title}${r.section ? ` › ${r.section}` : ''}\n${r.url}\n${r.snippet}`).join('\n\n');
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
