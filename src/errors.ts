// One small error family. Every message says what to do next.

export class KonnectMcpError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad flag or environment value; the CLI prints the message and exits 2. */
export class ConfigError extends KonnectMcpError {
  constructor(message: string) {
    super('CONFIG', message);
  }
}

/** Unknown or ambiguous operation, or a bad argument to a tool. */
export class ToolInputError extends KonnectMcpError {
  constructor(message: string, code = 'INVALID_INPUT') {
    super(code, message);
  }
}

export class UnknownOperationError extends ToolInputError {
  readonly suggestions: string[];
  constructor(operationId: string, suggestions: string[], api?: string) {
    const where = api ? ` in api "${api}"` : '';
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
    super(`Unknown operation "${operationId}"${where}.${hint} Use search to find operationIds.`, 'UNKNOWN_OPERATION');
    this.suggestions = suggestions;
  }
}

export class AmbiguousOperationError extends ToolInputError {
  readonly candidates: string[];
  constructor(operationId: string, candidates: string[]) {
    super(
      `operationId "${operationId}" exists in several APIs: ${candidates.join(', ')}. Pass api with one of them.`,
      'AMBIGUOUS_OPERATION',
    );
    this.candidates = candidates;
  }
}

/** The call cannot be routed: region not served, missing baseUrl, host not allowed. */
export class RoutingError extends KonnectMcpError {
  constructor(message: string) {
    super('ROUTING', message);
  }
}

/** execute refused the call before sending it (read-only, allow/deny, validation, headers). */
export class RefusedError extends KonnectMcpError {
  constructor(message: string, code = 'REFUSED') {
    super(code, message);
  }
}

const WITHOUT_TOKEN = 'search, get_schema and search_docs work without a token; use dryRun to preview a request.';

export class MissingTokenError extends KonnectMcpError {
  /** `header`: team mode (HTTP), where each request brings its own token. */
  constructor(source: 'config' | 'header' = 'config') {
    super(
      'MISSING_TOKEN',
      source === 'header'
        ? 'This request carried no Konnect token. This is a shared konnect-mcp server: the MCP client must send your own token on every request as ' +
            'the header "Authorization: Bearer kpat_…" (or spat_…); add it to the client\'s headers for this server (konnect-mcp config <client> --http <url> prints how). ' +
            WITHOUT_TOKEN
        : 'No Konnect token is configured. Create a personal access token (kpat_…) in Konnect under Personal access tokens, ' +
            'or a system account token (spat_…), then set KONNECT_TOKEN in the MCP client config (or pass --token). ' +
            WITHOUT_TOKEN,
    );
  }
}

/** Transport-level failure: timeout or network error after retries. Message carries method and URL. */
export class RequestFailedError extends KonnectMcpError {
  readonly method: string;
  readonly url: string;
  constructor(code: 'TIMEOUT' | 'NETWORK', method: string, url: string, detail: string, options?: { cause?: unknown }) {
    super(code, `${method} ${url}: ${detail}`, options);
    this.method = method;
    this.url = url;
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
