// One small error family. Every message says what to do next, in the words of whoever reads it:
// an MCP client (tool and argument names) or a person at the CLI (commands and flags).

/** Every error code in the project; add one here and the compiler asks for its exit code below. */
export type ErrorCode =
  | 'CONFIG'
  | 'INVALID_INPUT'
  | 'UNKNOWN_OPERATION'
  | 'AMBIGUOUS_OPERATION'
  | 'UNKNOWN_API'
  | 'ROUTING'
  | 'REFUSED'
  | 'VALIDATION'
  | 'HEADER'
  | 'DENIED'
  | 'READ_ONLY'
  | 'MISSING_TOKEN'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'CANCELLED'
  | 'TOO_LARGE'
  | 'UNKNOWN_ARGUMENT'
  | 'INVALID_SELECT'
  | 'INVALID_RESUME'
  | 'BAD_TRACE_FILE'
  | 'TRACE_NOT_FOUND';

/** The CLI's exit code per error: 2 when the command line needs fixing, 1 when the call itself failed. */
export const CLI_EXIT_CODES: Readonly<Record<ErrorCode, 1 | 2>> = {
  CONFIG: 2,
  INVALID_INPUT: 2,
  UNKNOWN_OPERATION: 2,
  AMBIGUOUS_OPERATION: 2,
  UNKNOWN_API: 2,
  VALIDATION: 2,
  HEADER: 2,
  ROUTING: 1,
  REFUSED: 1,
  DENIED: 1,
  READ_ONLY: 1,
  MISSING_TOKEN: 1,
  TIMEOUT: 1,
  NETWORK: 1,
  CANCELLED: 1,
  TOO_LARGE: 1,
  UNKNOWN_ARGUMENT: 2,
  INVALID_SELECT: 2,
  INVALID_RESUME: 2,
  BAD_TRACE_FILE: 2,
  TRACE_NOT_FOUND: 2,
};

export type Audience = 'mcp' | 'cli';

/** Tool arguments that messages name; the CLI spells each one as its flag. */
export type ArgName = 'api' | 'pathParams' | 'query' | 'headers' | 'body' | 'dryRun' | 'region' | 'baseUrl' | 'part' | 'depth' | 'fields' | 'maxItems';

/** `pathParams.id` -> `--path id`: the flag that carries a top-level argument, then the rest of the path. */
function cliField(path: string): string {
  const dot = path.indexOf('.');
  const head = dot < 0 ? path : path.slice(0, dot);
  const flag = Object.hasOwn(FLAGS, head) ? FLAGS[head as ArgName] : undefined;
  if (!flag) return path;
  return dot < 0 ? flag : `${flag} ${path.slice(dot + 1)}`;
}

const FLAGS: Record<ArgName, string> = {
  api: '--api',
  pathParams: '--path',
  query: '--query',
  headers: '--header',
  body: '--body',
  dryRun: '--dry-run',
  region: '--region',
  baseUrl: '--base-url',
  part: '--part',
  depth: '--depth',
  fields: '--fields',
  maxItems: '--max-items',
};

/** The words a message is written with. */
export interface Words {
  arg(name: ArgName): string;
  /** How to look at one operation's schema. */
  schema(operationId: string): string;
  /** How to search for operations. */
  search: string;
  /** What works without a token. */
  offline: string;
  /** A problem's location in the arguments, e.g. `pathParams.controlPlaneId` (CLI: `--path controlPlaneId`). */
  field(path: string): string;
}

export const WORDS: Readonly<Record<Audience, Words>> = {
  mcp: { arg: (name) => name, schema: (id) => `get_schema ${id}`, search: 'search', offline: 'search, get_schema and search_docs work', field: (path) => path },
  cli: { arg: (name) => FLAGS[name], schema: (id) => `konnect-mcp schema ${id}`, search: 'konnect-mcp search', offline: 'konnect-mcp search and konnect-mcp schema work', field: cliField },
};

/** A message either fixed, or written against `Words` so that each audience reads its own terms. */
export type Wording = string | ((w: Words) => string);

/** Longest run without spaces an error echoes whole (a URL with its query fits), and longest message. */
const MAX_ECHO_RUN = 400;
const MAX_MESSAGE = 4000;

/**
 * Keeps echoed input short: a hostile 5 MB operationId or part must not come back whole into a model's context.
 * A long run without spaces keeps its first 200 characters and says how long it was; a long message keeps its
 * start and its end (where the next step is said). One linear pass, no regex.
 */
export function shortenEcho(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 32;
    if (code !== 32 && code !== 10 && code !== 9) continue;
    const run = i - start;
    out += run > MAX_ECHO_RUN ? `${text.slice(start, start + 200)}…(${run} characters)` : text.slice(start, i);
    if (i < text.length) out += text[i];
    start = i + 1;
  }
  return out.length <= MAX_MESSAGE ? out : `${out.slice(0, 3000)} … ${out.slice(-800)}`;
}

export class KonnectMcpError extends Error {
  readonly code: ErrorCode;
  private readonly wording: Wording;
  constructor(code: ErrorCode, message: Wording, options?: { cause?: unknown }) {
    super(shortenEcho(typeof message === 'string' ? message : message(WORDS.mcp)), options);
    this.name = new.target.name;
    this.code = code;
    this.wording = message;
  }

  /** The message for an MCP client (the same as `message`) or for a person at the CLI. */
  render(audience: Audience): string {
    return audience === 'mcp' ? this.message : shortenEcho(typeof this.wording === 'string' ? this.wording : this.wording(WORDS[audience]));
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
  constructor(message: Wording, code: ErrorCode = 'INVALID_INPUT') {
    super(code, message);
  }
}

export class UnknownOperationError extends ToolInputError {
  readonly suggestions: string[];
  constructor(operationId: string, suggestions: string[], api?: string) {
    const where = api ? ` in api "${api}"` : '';
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
    super((w) => `Unknown operation "${operationId}"${where}.${hint} Use ${w.search} to find operationIds.`, 'UNKNOWN_OPERATION');
    this.suggestions = suggestions;
  }
}

/** An api name or slug the catalog does not have: the known slugs are listed. */
export class UnknownApiError extends ToolInputError {
  constructor(api: string, known: string[], hint = '') {
    super(`unknown api "${api}".${hint} Known apis: ${known.join(', ')}.`, 'UNKNOWN_API');
  }
}

export class AmbiguousOperationError extends ToolInputError {
  readonly candidates: string[];
  constructor(operationId: string, candidates: string[]) {
    super(
      (w) => `operationId "${operationId}" exists in several APIs: ${candidates.join(', ')}. Pass ${w.arg('api')} with one of them.`,
      'AMBIGUOUS_OPERATION',
    );
    this.candidates = candidates;
  }
}

/** The call cannot be routed: region not served, missing baseUrl, host not allowed. */
export class RoutingError extends KonnectMcpError {
  constructor(message: Wording) {
    super('ROUTING', message);
  }
}

/** execute refused the call before sending it (read-only, allow/deny, validation, headers). */
export class RefusedError extends KonnectMcpError {
  constructor(message: Wording, code: ErrorCode = 'REFUSED') {
    super(code, message);
  }
}

export class MissingTokenError extends KonnectMcpError {
  /** `header`: team mode (HTTP), where each request brings its own token. */
  constructor(source: 'config' | 'header' = 'config') {
    super(
      'MISSING_TOKEN',
      (w) =>
        source === 'header'
          ? 'This request carried no Konnect token. This is a shared konnect-mcp server: the MCP client must send your own token on every request as ' +
            'the header "Authorization: Bearer kpat_…" (or spat_…); add it to the client\'s headers for this server (konnect-mcp config <client> --http <url> prints how). ' +
            `${w.offline} without a token; use ${w.arg('dryRun')} to preview a request.`
          : 'No Konnect token is configured. Create a personal access token (kpat_…) in Konnect under Personal access tokens, ' +
            'or a system account token (spat_…), then set KONNECT_TOKEN in the MCP client config (or pass --token). ' +
            `${w.offline} without a token; use ${w.arg('dryRun')} to preview a request.`,
    );
  }
}

/** Transport-level failure: timeout, cancellation, an oversized answer or a network error. Message carries method and URL. */
export class RequestFailedError extends KonnectMcpError {
  readonly method: string;
  readonly url: string;
  constructor(code: 'TIMEOUT' | 'NETWORK' | 'CANCELLED' | 'TOO_LARGE', method: string, url: string, detail: string, options?: { cause?: unknown }) {
    super(code, `${method} ${url}: ${detail}`, options);
    this.method = method;
    this.url = url;
  }
}

/** Any thrown value as one line of text, in the audience's words when it is one of ours. */
export function errorMessage(err: unknown, audience: Audience = 'mcp'): string {
  if (err instanceof KonnectMcpError) return err.render(audience);
  return shortenEcho(err instanceof Error ? err.message : String(err));
}
