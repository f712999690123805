// The only module that touches process: flags and env -> Config, then the stdio server or a human subcommand.
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { CLIENTS, clientSnippet, isClientName } from './clients.js';
import { parseConfig, parseRegion, REGIONS, type Config, type RawConfig } from './config.js';
import { createDeps } from './deps.js';
import { ConfigError, errorMessage, KonnectMcpError, ToolInputError } from './errors.js';
import { CATALOG_DIR, DOCS_DIR, PACKAGE_JSON, TOOL_SCHEMAS_FILE } from './paths.js';
import { createServer } from './server.js';
import type { ToolDeps } from './tools/context.js';
import { readToolJsonSchemas } from './tools/json-schemas.js';
import { redact } from './tools/result.js';

const version = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
const env = process.env;
const log = (line: string): void => void process.stderr.write(`konnect-mcp: ${line}\n`);
const print = (text: string): void => void process.stdout.write(`${text}\n`);

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

interface Flags {
  token?: string;
  region?: string;
  baseUrl?: string;
  readOnly?: boolean;
  timeout?: string;
  spec?: string[];
  allVersions?: boolean;
  allow?: string[];
  deny?: string[];
  maxResponseTokens?: string;
}

function rawConfig(flags: Flags): RawConfig {
  return {
    token: flags.token ?? env.KONNECT_TOKEN ?? env.KONNECT_ACCESS_TOKEN,
    region: flags.region ?? env.KONNECT_REGION,
    baseUrl: flags.baseUrl ?? env.KONNECT_BASE_URL,
    readOnly: flags.readOnly ?? env.KONNECT_READ_ONLY,
    timeout: flags.timeout ?? env.KONNECT_TIMEOUT,
    specs: [...(flags.spec ?? []), ...(env.KONNECT_MCP_SPECS ? [env.KONNECT_MCP_SPECS] : [])],
    allVersions: flags.allVersions ?? false,
    allow: flags.allow ?? env.KONNECT_MCP_ALLOW,
    deny: flags.deny ?? env.KONNECT_MCP_DENY,
    maxResponseTokens: flags.maxResponseTokens ?? env.KONNECT_MCP_MAX_RESPONSE_TOKENS,
  };
}

/** The token, once known, so that no error message can echo it. */
let secret: string | undefined;

function loadConfig(flags: Flags): Config {
  const { config, warnings } = parseConfig(rawConfig(flags));
  secret = config.token;
  for (const w of warnings) log(`warning: ${w}`);
  return config;
}

function toolDeps(config: Config): ToolDeps {
  return createDeps({ config, version, catalogDir: CATALOG_DIR, docsDir: DOCS_DIR, log });
}

async function startServer(flags: Flags): Promise<void> {
  const config = loadConfig(flags);
  if (!config.token) log('no token set: search, get_schema and search_docs work; execute needs KONNECT_TOKEN');
  const deps = { ...toolDeps(config), jsonSchemas: readToolJsonSchemas(TOOL_SCHEMAS_FILE) };
  if (config.specs.length > 0 || config.allVersions) await deps.catalog(); // surface spec errors at startup
  serveStdio(() => createServer(deps), { onerror: (e) => log(`transport error: ${e.message}`) });
}

function fail(err: unknown): void {
  // 2: the command line needs fixing; 1: the call itself failed.
  const usage = err instanceof ConfigError || err instanceof ToolInputError || (err instanceof KonnectMcpError && err.code === 'VALIDATION');
  process.stderr.write(`konnect-mcp: ${redact(errorMessage(err), secret)}\n`);
  process.exitCode = usage ? 2 : 1;
}

/** The command line; commander loads only when there is one to parse. */
async function buildProgram(): Promise<Command> {
  const { Command, Option } = await import('commander');
  // The server's flags; subcommands take the ones they use, after their name.
  const FLAG_OPTIONS = {
    token: () => new Option('--token <token>', 'Konnect PAT (kpat_…) or system account token (spat_…) [env KONNECT_TOKEN]'),
    region: () => new Option('--region <region>', `default region: ${REGIONS.join(', ')} [env KONNECT_REGION] (default: us)`),
    baseUrl: () => new Option('--base-url <url>', 'override the origin of every request, e.g. a proxy [env KONNECT_BASE_URL]'),
    readOnly: () => new Option('--read-only', 'refuse every operation that writes [env KONNECT_READ_ONLY=1]'),
    timeout: () => new Option('--timeout <ms>', 'per-request timeout in milliseconds [env KONNECT_TIMEOUT] (default: 30000)'),
    spec: () => new Option('--spec <file>', 'also index this OpenAPI file (repeatable) [env KONNECT_MCP_SPECS, comma-separated]').argParser(collect),
    allVersions: () => new Option('--all-versions', 'also index older versions of each API'),
    allow: () => new Option('--allow <globs>', 'only these operationIds or "METHOD /path" globs, comma-separated [env KONNECT_MCP_ALLOW]').argParser(collect),
    deny: () => new Option('--deny <globs>', 'never these operationIds or "METHOD /path" globs, comma-separated [env KONNECT_MCP_DENY]').argParser(collect),
    maxResponseTokens: () => new Option('--max-response-tokens <n>', 'cut execute answers to about this many tokens [env KONNECT_MCP_MAX_RESPONSE_TOKENS] (default: 20000)'),
  };
  type FlagName = keyof typeof FLAG_OPTIONS;
  const ALL_FLAGS = Object.keys(FLAG_OPTIONS) as FlagName[];

  function withFlags(cmd: Command, names: FlagName[]): Command {
    for (const n of names) cmd.addOption(FLAG_OPTIONS[n]());
    return cmd;
  }

  const program = withFlags(new Command(), ALL_FLAGS)
    .name('konnect-mcp')
    .description('MCP server for the Kong Konnect API: search, get_schema, execute, search_docs (stdio)')
    .version(version, '-v, --version')
    .enablePositionalOptions()
    .showHelpAfterError('(run konnect-mcp --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
    .exitOverride();

  /** Flags given before the subcommand, then after it (those win). */
  function flagsOf(cmd: Command): Flags {
    return { ...program.opts<Flags>(), ...cmd.opts<Flags>() };
  }

  function intOption(name: string, value: string | undefined): number | undefined {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new ToolInputError(`${name} must be a positive whole number, got "${value}"`);
    return n;
  }

  program.action(startServer);

  program
    .command('config')
    .description(`print the setup snippet for an MCP client: ${CLIENTS.join(', ')} (the token stays a placeholder)`)
    .argument('<client>', CLIENTS.join(' | '))
    .addOption(FLAG_OPTIONS.region())
    .addOption(FLAG_OPTIONS.readOnly())
    .action((client: string, _opts: unknown, cmd: Command) => {
      if (!isClientName(client)) throw new ConfigError(`unknown client "${client}": use one of ${CLIENTS.join(', ')}`);
      const opts = flagsOf(cmd);
      const snippet = clientSnippet(client, { region: opts.region ? parseRegion(opts.region) : undefined, readOnly: opts.readOnly });
      print(snippet.text);
      log(snippet.where);
    });

  withFlags(program.command('doctor'), ['token', 'region', 'baseUrl', 'timeout'])
    .description('check Node, the token, the region, the Konnect hosts and a live whoami call')
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = flagsOf(cmd);
      const raw = rawConfig(flags);
      secret = raw.token;
      const { renderDoctor, runDoctor } = await import('./doctor.js');
      const report = await runDoctor(
        { nodeVersion: process.versions.node, token: raw.token, region: raw.region, baseUrl: raw.baseUrl, timeout: raw.timeout === undefined ? undefined : String(raw.timeout) },
        { fetch: globalThis.fetch, toolDeps },
      );
      print(`konnect-mcp ${version} doctor\n${renderDoctor(report)}`);
      if (!report.ok) process.exitCode = 1;
    });

  withFlags(program.command('search'), ['spec', 'allVersions'])
    .description('search operations from plain words and print a table')
    .argument('<words...>', 'what you want to do, e.g. list routes')
    .option('--limit <n>', 'max results, 1-50 (default 10)')
    .option('--api <api>', 'only this api slug')
    .addOption(new Option('--method <method>', 'only this HTTP method').choices(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']))
    .action(async (words: string[], opts: { limit?: string; api?: string; method?: 'GET' }, cmd: Command) => {
      const deps = toolDeps(loadConfig(flagsOf(cmd)));
      const limit = intOption('--limit', opts.limit);
      const { searchCommand } = await import('./commands/search.js');
      print(await searchCommand({ query: words.join(' '), ...(limit ? { limit } : {}), ...(opts.api ? { api: opts.api } : {}), ...(opts.method ? { method: opts.method } : {}) }, deps));
    });

  withFlags(program.command('schema'), ['spec', 'allVersions'])
    .description("print an operation's parameters, request body and responses as JSON")
    .argument('<operationId>', 'operationId from search')
    .option('--api <api>', 'api slug, when the operationId exists in several APIs')
    .option('--part <part>', 'only parameters, requestBody, responses, response:<status> or a dot path such as requestBody.config')
    .option('--depth <n>', 'nesting depth before nodes are cut')
    .action(async (operationId: string, opts: { api?: string; part?: string; depth?: string }, cmd: Command) => {
      const deps = toolDeps(loadConfig(flagsOf(cmd)));
      const depth = intOption('--depth', opts.depth);
      const { schemaCommand } = await import('./commands/schema.js');
      print(await schemaCommand({ operationId, ...(opts.api ? { api: opts.api } : {}), ...(opts.part ? { part: opts.part } : {}), ...(depth ? { depth } : {}) }, deps));
    });

  program
    .command('trace')
    .description('analyze a trace downloaded from a Konnect Debugger session (.json or .zip): where the time went')
    .argument('<file>', 'the downloaded .json or .zip file')
    .option('--trace-id <id>', 'the trace to analyze, when the file holds many')
    .option('--request-id <id>', 'or pick the trace by its Kong request id')
    .action(async (file: string, opts: { traceId?: string; requestId?: string }) => {
      const { traceCommand } = await import('./commands/trace.js');
      print(await traceCommand({ file, ...opts }));
    });

  withFlags(program.command('call'), ALL_FLAGS)
    .description('call an operation and print the response as JSON (exit code 1 on an HTTP error)')
    .argument('<operationId>', 'operationId from search')
    .option('--api <api>', 'api slug, when the operationId exists in several APIs')
    .option('--path <name=value>', 'path parameter (repeatable)', collect)
    .option('--query <name=value>', 'query parameter (repeatable); filter[name][eq]=x style names are kept', collect)
    .option('--header <name=value>', 'extra header the operation declares (repeatable)', collect)
    .option('--body <json|@file>', 'JSON request body, or @file to read it from a file')
    .option('--dry-run', 'print the exact request (token redacted) and send nothing')
    .option('--max-items <n>', 'follow the list\'s pagination up to n items (progress on stderr)')
    .option('--fields <paths>', 'keep only these comma-separated dot paths in each list item')
    .action(async (operationId: string, opts: { api?: string; path?: string[]; query?: string[]; header?: string[]; body?: string; dryRun?: boolean; maxItems?: string; fields?: string }, cmd: Command) => {
      const deps = toolDeps(loadConfig(flagsOf(cmd)));
      const { callCommand } = await import('./commands/call.js');
      const res = await callCommand({ operationId, ...opts }, { tool: deps, readFile: (p) => readFile(p, 'utf8') });
      print(res.output);
      if (!res.ok) process.exitCode = 1;
    });
  return program;
}

// MCP clients start the server with no arguments, so that path skips commander and parses the environment only.
try {
  if (process.argv.length <= 2) {
    await startServer({});
  } else {
    await (await buildProgram()).parseAsync(process.argv);
  }
} catch (err) {
  const code = (err as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') process.exit(0);
  if (typeof code === 'string' && code.startsWith('commander.')) process.exit(2);
  fail(err);
}
