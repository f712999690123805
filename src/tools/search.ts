import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { ToolDeps } from '../deps.js';
import { withTraceHint } from '../traces/hint.js';
import { failure, success, type ToolResult } from './result.js';
import { withToolJsonSchemas } from './json-schemas.js';

export const name = 'search';

export const inputSchema = z.object({
  query: z.string().min(1).describe('What you want to do, in plain words, e.g. "list routes of a control plane"'),
  limit: z.number().int().min(1).max(50).default(10).describe('Max results (1-50)'),
  api: z.string().optional().describe('Only this api slug, e.g. control-planes-config (or slug@version)'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).optional().describe('Only this HTTP method'),
});

const hit = z.object({
  operationId: z.string(),
  api: z.string(),
  method: z.string(),
  path: z.string(),
  summary: z.string(),
  deprecated: z.boolean().optional(),
  score: z.number(),
});

export const outputSchema = z.object({ results: z.array(hit), total: z.number() });

export const config = {
  title: 'Search Konnect operations',
  description:
    'Find Konnect API operations from plain words. Returns operationId, api, method and path, best first. ' +
    'Next: get_schema for the operation, then execute.',
  inputSchema,
  outputSchema,
  annotations: { title: 'Search Konnect operations', readOnlyHint: true, openWorldHint: false },
};

export type SearchArgs = z.input<typeof inputSchema>;
export type SearchOutput = z.infer<typeof outputSchema>;

export async function runSearch(args: SearchArgs, deps: ToolDeps): Promise<SearchOutput> {
  const catalog = await deps.catalog();
  const { hits, total } = catalog.search(args.query, { api: args.api, method: args.method, limit: args.limit ?? 10 });
  return {
    total,
    results: hits.map(({ op, score }) => ({
      operationId: op.operationId,
      api: op.api,
      method: op.method,
      path: op.path,
      summary: op.summary,
      ...(op.deprecated ? { deprecated: true } : {}),
      score: Math.round(score * 100) / 100,
    })),
  };
}

export function renderSearch(out: SearchOutput): string {
  if (out.results.length === 0) return 'No operations matched. Try other words, or drop the api/method filter.';
  return out.results
    .map((r) => `${r.method} ${r.path}  ${r.operationId} [${r.api}]  ${r.summary}${r.deprecated ? ' (deprecated)' : ''}`)
    .join('\n');
}

export async function handle(args: z.infer<typeof inputSchema>, deps: ToolDeps): Promise<ToolResult> {
  try {
    const out = await runSearch(args, deps);
    return success(out, withTraceHint(args.query, renderSearch(out)));
  } catch (err) {
    return failure(err);
  }
}

export function register(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, withToolJsonSchemas(name, config, deps.jsonSchemas), (args) => handle(args, deps));
}
