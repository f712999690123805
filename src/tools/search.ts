import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { ToolDeps } from '../deps.js';
import { withTraceHint } from '../traces/hint.js';
import { checkQueryLength, failure, success, type ToolResult } from './result.js';
import { withToolJsonSchemas } from './json-schemas.js';

export const name = 'search';

export const inputSchema = z.object({
  query: z.string().min(1).describe('The task in plain words, e.g. "list routes of a control plane"'),
  limit: z.number().int().min(1).max(50).optional(),
  api: z.string().optional().describe('slug or slug@version'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).optional(),
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

export const outputSchema = z.object({ results: z.array(hit), total: z.number(), confidence: z.enum(['high', 'medium', 'low']) });

/** First line of the text answer when no operation fits the query's words well. */
export const LOW_CONFIDENCE_LINE =
  'No operation matches these words well; the closest are below. Try other words, or search_docs for how-to questions.';

export const config = {
  title: 'Search Konnect operations',
  description: 'Find Konnect API operations for a task, best first. Next: get_schema, execute.',
  inputSchema,
  outputSchema,
  // No title here: the tool's own title says it, and tools/list has a token budget.
  annotations: { readOnlyHint: true, openWorldHint: false },
};

export type SearchArgs = z.input<typeof inputSchema>;
export type SearchOutput = z.infer<typeof outputSchema>;

export async function runSearch(args: SearchArgs, deps: ToolDeps): Promise<SearchOutput> {
  checkQueryLength(args.query);
  const catalog = await deps.catalog();
  // A mistyped filter would answer "no operations matched" and send the model looking for other words.
  if (args.api !== undefined) catalog.checkApi(args.api);
  const { hits, total, confidence } = catalog.search(args.query, { api: args.api, method: args.method, limit: args.limit ?? 10 });
  return {
    total,
    confidence,
    results: hits.map(({ op, score, note }) => ({
      operationId: op.operationId,
      api: op.api,
      method: op.method,
      path: op.path,
      summary: note ? `${op.summary} (${note})` : op.summary,
      ...(op.deprecated ? { deprecated: true } : {}),
      score: Math.round(score * 100) / 100,
    })),
  };
}

export function renderSearch(out: SearchOutput): string {
  if (out.results.length === 0) return 'No operations matched. Try other words, or drop the api/method filter.';
  const lines = out.results.map((r) => `${r.method} ${r.path}  ${r.operationId} [${r.api}]  ${r.summary}${r.deprecated ? ' (deprecated)' : ''}`);
  return (out.confidence === 'low' ? [LOW_CONFIDENCE_LINE, ...lines] : lines).join('\n');
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
