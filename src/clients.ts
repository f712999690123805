// Setup snippets for each MCP client. The token is always a placeholder or a client-side input, never a real value.
import { DEFAULT_REGION, type Region } from './config.js';

export const CLIENTS = ['claude-desktop', 'claude-code', 'vscode', 'cursor', 'jetbrains'] as const;
export type ClientName = (typeof CLIENTS)[number];

export const SERVER_NAME = 'konnect';
export const PACKAGE_NAME = 'konnect-mcp';
/** What the user replaces with their token; doctor recognises it. */
export const TOKEN_PLACEHOLDER = 'kpat_your_token_here';
const TOKEN_INPUT_ID = 'konnect-token';

/** How the client starts the server. */
export interface Launch {
  command: string;
  args: string[];
}

export interface SnippetOptions {
  region?: Region | undefined;
  readOnly?: boolean | undefined;
  /** Default: the published package through npx. */
  launch?: Launch | undefined;
  /** A shared team-mode server's /mcp URL: the snippet connects to it instead of launching a local server. */
  httpUrl?: string | undefined;
}

export interface Snippet {
  client: ClientName;
  /** Fence language for the README. */
  language: 'json' | 'sh';
  text: string;
  /** One line on where the snippet goes and what to replace (printed to stderr by the CLI). */
  where: string;
}

export function isClientName(value: string): value is ClientName {
  return (CLIENTS as readonly string[]).includes(value);
}

function serverEnv(token: string, opts: SnippetOptions): Record<string, string> {
  return {
    KONNECT_TOKEN: token,
    KONNECT_REGION: opts.region ?? DEFAULT_REGION,
    ...(opts.readOnly ? { KONNECT_READ_ONLY: '1' } : {}),
  };
}

const NPX_LAUNCH: Launch = { command: 'npx', args: ['-y', PACKAGE_NAME] };

/** A checkout or an unpacked package: node runs its bin by absolute path. */
export function localLaunch(binFile: string): Launch {
  return { command: 'node', args: [binFile] };
}

function launchOf(opts: SnippetOptions): Launch {
  return opts.launch ?? NPX_LAUNCH;
}

/** Indented JSON with arrays of plain values kept on one line, as people write config files. */
export function json(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    return `[\n${value.map((v) => `${inner}${json(v, inner)}`).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${json(v, inner)}`);
    return entries.length === 0 ? '{}' : `{\n${entries.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** The `mcpServers` file format read by Claude Desktop and Cursor. */
function mcpServersFile(opts: SnippetOptions): string {
  return json({ mcpServers: { [SERVER_NAME]: { ...launchOf(opts), env: serverEnv(TOKEN_PLACEHOLDER, opts) } } });
}

/** The `servers` file format read by VS Code and GitHub Copilot in JetBrains. */
function serversFile(token: string, opts: SnippetOptions): Record<string, unknown> {
  return { servers: { [SERVER_NAME]: { type: 'stdio', ...launchOf(opts), env: serverEnv(token, opts) } } };
}

/** A path with spaces or quotes stays one word in the shell. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

function claudeCode(opts: SnippetOptions): string {
  // The server name goes before the -e flags: -e takes several values and would swallow it.
  const env = Object.entries(serverEnv(TOKEN_PLACEHOLDER, opts)).map(([k, v]) => `-e ${k}=${v}`);
  const { command, args } = launchOf(opts);
  return ['claude mcp add', SERVER_NAME, ...env, '--', command, ...args.map(shellWord)].join(' ');
}

const BEARER_PLACEHOLDER = `Bearer ${TOKEN_PLACEHOLDER}`;
const tokenInput = { type: 'promptString', id: TOKEN_INPUT_ID, description: 'Konnect personal access token (kpat_…) or system account token (spat_…)', password: true };

/** The remote (team mode) entries: each user's own token travels as the Authorization header. */
function remoteSnippet(client: ClientName, url: string): Snippet {
  const replace = `put your own Konnect token (kpat_… or spat_…) in place of ${TOKEN_PLACEHOLDER} (the server uses it for your calls only)`;
  const headers = (value: string): Record<string, string> => ({ Authorization: value });
  switch (client) {
    case 'claude-desktop': {
      // mcp-remote bridges stdio to HTTP; the header sits in env because some launchers split arguments on spaces.
      const entry = { command: 'npx', args: ['-y', 'mcp-remote', url, '--header', 'Authorization:${KONNECT_AUTH_HEADER}'], env: { KONNECT_AUTH_HEADER: BEARER_PLACEHOLDER } };
      return { client, language: 'json', text: json({ mcpServers: { [SERVER_NAME]: entry } }), where: `Add to claude_desktop_config.json (Settings > Developer > Edit Config), ${replace}, then restart Claude Desktop.` };
    }
    case 'claude-code':
      return { client, language: 'sh', text: `claude mcp add --transport http ${SERVER_NAME} ${url} --header "Authorization: ${BEARER_PLACEHOLDER}"`, where: `Run in your project folder (add --scope user to use it everywhere); ${replace} first.` };
    case 'vscode': {
      const text = json({ inputs: [tokenInput], servers: { [SERVER_NAME]: { type: 'http', url, headers: headers(`Bearer \${input:${TOKEN_INPUT_ID}}`) } } });
      return { client, language: 'json', text, where: 'Save as .vscode/mcp.json; VS Code asks for the token once and stores it encrypted.' };
    }
    case 'cursor':
      return { client, language: 'json', text: json({ mcpServers: { [SERVER_NAME]: { url, headers: headers(BEARER_PLACEHOLDER) } } }), where: `Add to ~/.cursor/mcp.json (or .cursor/mcp.json in a project) and ${replace}.` };
    case 'jetbrains':
      return { client, language: 'json', text: json({ servers: { [SERVER_NAME]: { type: 'http', url, headers: headers(BEARER_PLACEHOLDER) } } }), where: `In GitHub Copilot's MCP settings, open mcp.json ("Edit in mcp.json"), add this and ${replace}.` };
  }
}

export function clientSnippet(client: ClientName, opts: SnippetOptions = {}): Snippet {
  if (opts.httpUrl) return remoteSnippet(client, opts.httpUrl);
  const replace = `replace ${TOKEN_PLACEHOLDER} with your Konnect token (kpat_… or spat_…)`;
  switch (client) {
    case 'claude-desktop':
      return { client, language: 'json', text: mcpServersFile(opts), where: `Add to claude_desktop_config.json (Settings > Developer > Edit Config), ${replace}, then restart Claude Desktop.` };
    case 'claude-code':
      return { client, language: 'sh', text: claudeCode(opts), where: `Run in your project folder (add --scope user to use it everywhere); ${replace} first.` };
    case 'vscode': {
      const text = json({ inputs: [tokenInput], ...serversFile(`\${input:${TOKEN_INPUT_ID}}`, opts) });
      return { client, language: 'json', text, where: 'Save as .vscode/mcp.json; VS Code asks for the token once and stores it encrypted.' };
    }
    case 'cursor':
      return { client, language: 'json', text: mcpServersFile(opts), where: `Add to ~/.cursor/mcp.json (or .cursor/mcp.json in a project) and ${replace}.` };
    case 'jetbrains':
      return { client, language: 'json', text: json(serversFile(TOKEN_PLACEHOLDER, opts)), where: `In GitHub Copilot's MCP settings, open mcp.json ("Edit in mcp.json"), add this and ${replace}.` };
  }
}
