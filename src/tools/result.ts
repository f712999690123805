// Tool results: structured content plus a compact text form; errors as isError with the next step.
import { errorMessage, KonnectMcpError, ToolInputError } from '../errors.js';
import { redact, redactDeep } from '../redact.js';

export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** The structure is redacted string by string (every encoding of it is then clean); the text, in every form. */
export function success(structured: Record<string, unknown>, text: string, token?: string): ToolResult {
  return { content: [{ type: 'text', text: redact(text, token) }], structuredContent: redactDeep(structured, token) };
}

export function failure(err: unknown, token?: string): ToolResult {
  const code = err instanceof KonnectMcpError ? err.code : 'INTERNAL';
  const message = redact(err instanceof KonnectMcpError ? err.message : `internal error: ${errorMessage(err)}. Please report it.`, token);
  return { content: [{ type: 'text', text: `[${code}] ${message}` }], isError: true };
}

/**
 * The longest query search and search_docs read. A task or a question fits in far less; a longer one only costs
 * time (50,000 words kept search_docs busy for seconds, and the server with it).
 */
export const MAX_QUERY_CHARS = 2000;

export function checkQueryLength(query: string): void {
  if (query.length > MAX_QUERY_CHARS) {
    throw new ToolInputError(`The query is ${query.length} characters; at most ${MAX_QUERY_CHARS} are read. Ask in a sentence or two, or a few keywords.`);
  }
}
