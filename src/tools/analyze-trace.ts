import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { TraceInput, TraceReport } from '../traces/index.js';
import type { ToolDeps } from '../deps.js';
import { failure, success, type ToolResult } from './result.js';
import { withToolJsonSchemas } from './json-schemas.js';

export const name = 'analyze_trace';

export const inputSchema = z.strictObject({
  path: z.string().optional().describe('Debugger .json/.zip'),
  trace: z.unknown().optional(),
  traceId: z.string().optional(),
  requestId: z.string().optional(),
});

export const outputSchema = z.looseObject({ traces: z.array(z.unknown()) });

export const config = {
  title: 'Analyze trace',
  description: 'Konnect Debugger trace: time per client, plugin, DNS, upstream; bottleneck; errors.',
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export type AnalyzeTraceArgs = z.input<typeof inputSchema>;

// The analyzer (and its zip reader) loads on first use, so startup stays as it was.
export async function runAnalyzeTrace(args: TraceInput): Promise<{ report: TraceReport; text: string }> {
  const { analyzeTraces, renderTraceReport } = await import('../traces/index.js');
  const report = await analyzeTraces(args);
  return { report, text: renderTraceReport(report) };
}

export async function handle(args: AnalyzeTraceArgs): Promise<ToolResult> {
  try {
    const { report, text } = await runAnalyzeTrace(args);
    return success(report as unknown as Record<string, unknown>, text);
  } catch (err) {
    return failure(err);
  }
}

export function register(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, withToolJsonSchemas(name, config, deps.jsonSchemas), (args) => handle(args));
}
