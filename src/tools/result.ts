// Tool results: structured content plus a compact text form; errors as isError with the next step.
import { errorMessage, KonnectMcpError } from '../errors.js';
import { redact } from '../redact.js';

export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}


export function success(structured: Record<string, unknown>, text: string, token?: string): ToolResult {
  if (token && JSON.stringify(structured).includes(token)) {
    structured = JSON.parse(redact(JSON.stringify(structured), token)) as Record<string, unknown>;
  }
  return { content: [{ type: 'text', text: redact(text, token) }], structuredContent: structured };
}

export function failure(err: unknown, token?: string, extra?: Record<string, unknown>): ToolResult {
  const code = err instanceof KonnectMcpError ? err.code : 'INTERNAL';
  const message = redact(err instanceof KonnectMcpError ? err.message : `internal error: ${errorMessage(err)}. Please report it.`, token);
  const text = extra ? `${message}\n${redact(JSON.stringify(extra, null, 2), token)}` : message;
  return { content: [{ type: 'text', text: `[${code}] ${text}` }], isError: true };
}
