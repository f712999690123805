// `konnect-mcp trace <file>`: the analyze_trace tool's report as text.
import { runAnalyzeTrace } from '../tools/analyze-trace.js';

export interface TraceCommandInput {
  file: string;
  traceId?: string | undefined;
  requestId?: string | undefined;
}

export async function traceCommand(input: TraceCommandInput): Promise<string> {
  const { text } = await runAnalyzeTrace({ path: input.file, traceId: input.traceId, requestId: input.requestId });
  return text;
}
