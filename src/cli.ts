// The only module that touches process: flags and env -> Config, then the stdio server or a human subcommand.
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import type { Command, Option } from 'commander';
import { CLIENTS, clientSnippet, isClientName, localLaunch } from './clients.js';
import { parseBaseUrl, parseConfig, parseHttpConfig, parseRegion, REGIONS, type Config, type RawConfig } from './config.js';
import type { CallFlags } from './commands/call.js';
import { createDeps, type DepsOptions } from './deps.js';
import { proxyFetch, proxySettings } from './http/proxy.js';
import { CLI_EXIT_CODES, ConfigError, errorMessage, KonnectMcpError } from './errors.js';
import { BIN_FILE, CATALOG_DIR, DOCS_DIR, PACKAGE_JSON, TOOL_SCHEMAS_FILE } from './paths.js';
import type { ToolDeps } from './deps.js';
import type { SearchArgs } from './tools/search.js';
import { startStdio } from './transports/stdio.js';
import { readToolJsonSchemas } from './tools/json-schemas.js';
import { redact } from './redact.js';
import { keepSearchGarbageYoung } from './search/gc.js';

const version = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
const env = process.env;
const log = (line: string): void => void process.stderr.write(`konnect-mcp: ${line}\n`);
const print = (text: string): void => void process.stdout.write(`${text}\n`);

interface ServerFlags {
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

/** Team mode's flags, given to the server alone (no subcommand). */
interface Flags extends ServerFlags {
  http?: boolean;
  host?: string;
  port?: string;
  sharedToken?: boolean;
  requireAuth?: boolean;
  authorizationServer?: string[];
  allowedOrigins?: string[];
  publicUrl?: string;
  bodyTimeout?: string;
  maxConcurrent?: string;
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

function depsOptions(config: Config): DepsOptions {
  return { config, version, catalogDir: CATALOG_DIR, docsDir: DOCS_DIR, log, proxy: proxySettings(env) };
}

function toolDeps(config: Config): ToolDeps {
  return createDeps(depsOptions(config));
}

/** Exits once stdout has taken what was written (a pipe may be asynchronous). */
function stop(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
}

/** What a person who started the server by hand in a terminal sees: it is waiting, and what to try instead. */
const WAITING_NOTICE =
  'waiting for an MCP client on stdin (Ctrl+C to stop). To try it by hand: konnect-mcp search list routes; to connect a client: konnect-mcp config claude-code';

async function startServer(flags: Flags): Promise<void> {
  // Second line of defence behind prototype-free objects: nothing can add a key every object would inherit
  // (a `prefixUrl` or fetch's `dispatcher`). Costs nothing measurable; the server's dependencies run fine.
  Object.freeze(Object.prototype);
  const config = loadConfig(flags);
  const opts = { ...depsOptions(config), jsonSchemas: readToolJsonSchemas(TOOL_SCHEMAS_FILE) };
  if (!(flags.http ?? parseBoolEnv(env.KONNECT_MCP_HTTP))) {
    const onerror = (e: Error): void => {
      // The SDK drops the connection on a line over its 10 MB buffer; no id is known, so no JSON-RPC error can answer it.
      if (/ReadBuffer exceeded maximum size/.test(e.message)) {
        log('stopping: a message over 10 MB (the limit for one JSON-RPC message) arrived on stdin, so the connection was dropped. Send smaller requests; split a large body over several calls.');
        stop(1);
      } else {
        log(`transport error: ${e.message}`);
      }
    };
    await startStdio(opts, onerror);
    // A closed stdin means the client is gone: stop now, aborting calls in flight (a body that never ends would
    // otherwise keep the process, and the token, alive).
    process.stdin.once('end', () => stop(0));
    process.stdin.once('close', () => stop(0));
    // MCP clients give the server a pipe; a terminal means a person, who would otherwise see nothing.
    if (process.stdin.isTTY) log(WAITING_NOTICE);
    return;
  }
  const http = parseHttpConfig(
    {
      host: flags.host ?? env.KONNECT_MCP_HOST,
      port: flags.port ?? env.KONNECT_MCP_PORT,
      sharedToken: flags.sharedToken ?? env.KONNECT_MCP_SHARED_TOKEN,
      requireAuth: flags.requireAuth ?? env.KONNECT_MCP_REQUIRE_AUTH,
      authorizationServers: flags.authorizationServer ?? env.KONNECT_MCP_AUTHORIZATION_SERVERS,
      allowedOrigins: flags.allowedOrigins ?? env.KONNECT_MCP_ALLOWED_ORIGINS,
      publicUrl: flags.publicUrl ?? env.KONNECT_MCP_PUBLIC_URL,
      bodyTimeout: flags.bodyTimeout ?? env.KONNECT_MCP_BODY_TIMEOUT,
      maxConcurrent: flags.maxConcurrent ?? env.KONNECT_MCP_MAX_CONCURRENT,
    },
    config,
  );
  const { startHttp } = await import('./transports/http.js');
  const running = await startHttp({ deps: opts, http, accessLog: (line) => void process.stderr.write(`${line}\n`) });
  log(`team mode: MCP at POST ${running.url}/mcp, health at ${running.url}/healthz${config.token ? ' (shared token in use)' : ''}`);
  const drain = (): void => {
    log('stopping: letting in-flight requests finish');
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', drain);
  process.once('SIGINT', drain);
}

function parseBoolEnv(value: string | undefined): boolean {
  return value === '1' || value?.toLowerCase() === 'true';
}

function fail(err: unknown): void {
  process.stderr.write(`konnect-mcp: ${redact(errorMessage(err, 'cli'), secret)}\n`);
  process.exitCode = err instanceof KonnectMcpError ? CLI_EXIT_CODES[err.code] : 1;
}

/** A server flag: the option, and whether a subcommand shows it in its help (all subcommands accept all of them). */
interface FlagSpec {
  flags: string;
  description: string;
  repeatable?: boolean;
}

/** The server's flags, as data; `--help` lists them and every subcommand accepts them before or after its name. */
const SERVER_FLAGS = {
  token: { flags: '--token <token>', description: 'Konnect PAT (kpat_…) or system account token (spat_…) [env KONNECT_TOKEN]' },
  region: { flags: '--region <region>', description: `default region: ${REGIONS.join(', ')} [env KONNECT_REGION] (default: us)` },
  baseUrl: { flags: '--base-url <url>', description: 'override the origin of every request, e.g. a proxy [env KONNECT_BASE_URL]' },
  readOnly: { flags: '--read-only', description: 'refuse every operation that writes [env KONNECT_READ_ONLY=1]' },
  timeout: { flags: '--timeout <ms>', description: 'per-request timeout in milliseconds [env KONNECT_TIMEOUT] (default: 30000)' },
  spec: { flags: '--spec <file>', description: 'also index this OpenAPI file (repeatable) [env KONNECT_MCP_SPECS, comma-separated]', repeatable: true },
  allVersions: { flags: '--all-versions', description: 'also index older versions of each API' },
  allow: { flags: '--allow <globs>', description: 'only these operationIds or "METHOD /path" globs, comma-separated [env KONNECT_MCP_ALLOW]', repeatable: true },
  deny: { flags: '--deny <globs>', description: 'never these operationIds or "METHOD /path" globs, comma-separated [env KONNECT_MCP_DENY]', repeatable: true },
  maxResponseTokens: { flags: '--max-response-tokens <n>', description: 'cut execute answers to about this many tokens [env KONNECT_MCP_MAX_RESPONSE_TOKENS] (default: 20000)' },
} satisfies Record<keyof ServerFlags, FlagSpec>;
type FlagName = keyof typeof SERVER_FLAGS;
const ALL_FLAGS = Object.keys(SERVER_FLAGS) as FlagName[];

/** The subcommands: what they do and which server flags their help shows. */
const SUBCOMMAND_FLAGS: Record<string, FlagName[]> = {
  config: ['region', 'readOnly'],
  doctor: ['token', 'region', 'baseUrl', 'timeout'],
  search: ['spec', 'allVersions'],
  schema: ['spec', 'allVersions'],
  call: ALL_FLAGS,
  trace: [],
};

/** The command line; commander loads only when there is one to parse. */
async function buildProgram(): Promise<Command> {
  const { Command, InvalidArgumentError, Option } = await import('commander');
  const search = await import('./tools/search.js');
  const getSchema = await import('./tools/get-schema.js');
  const execute = await import('./tools/execute.js');

  const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

  function serverOption(name: FlagName, hidden: boolean): Option {
    const spec: FlagSpec = SERVER_FLAGS[name];
    const option = new Option(spec.flags, spec.description);
    if (spec.repeatable) option.argParser(collect);
    return hidden ? option.hideHelp() : option;
  }

  function withFlags(cmd: Command, shown: FlagName[]): Command {
    for (const n of ALL_FLAGS) cmd.addOption(serverOption(n, !shown.includes(n)));
    return cmd;
  }

  /** A schema wrapped in default/optional, down to the number or enum inside. */
  function inner(schema: unknown): { minValue?: number | null; maxValue?: number | null; options?: readonly string[] } {
    let s = schema as { unwrap?: () => unknown };
    while (typeof s.unwrap === 'function') s = s.unwrap() as typeof s;
    return s as ReturnType<typeof inner>;
  }

  /** A whole-number option checked against the same bounds as the tool's argument, so help and checks agree. */
  function wholeNumberOption(flags: string, what: string, schema: unknown): Option {
    const { minValue: min = 1, maxValue: max = Number.MAX_SAFE_INTEGER } = inner(schema);
    const lo = min ?? 1;
    const hi = max ?? Number.MAX_SAFE_INTEGER;
    return new Option(flags, `${what}, ${lo}-${hi}`).argParser((value: string) => {
      const n = Number(value);
      if (!/^\d+$/.test(value.trim()) || n < lo || n > hi) throw new InvalidArgumentError(`expected a whole number from ${lo} to ${hi}.`);
      return n;
    });
  }

  /** A choice that accepts any letter case (`--method get`) and shows the canonical spelling in help. */
  function choice(flags: string, what: string, schema: unknown): Option {
    const options = inner(schema).options ?? [];
    return new Option(flags, what).choices(options).argParser((value: string) => {
      const found = options.find((o) => o.toLowerCase() === value.trim().toLowerCase());
      if (!found) throw new InvalidArgumentError(`Allowed choices are ${options.join(', ')}.`);
      return found;
    });
  }

  const program = withFlags(new Command(), ALL_FLAGS)
    .name('konnect-mcp')
    .description('MCP server for the Kong Konnect API: search, get_schema, execute, search_docs (stdio, or team mode over HTTP with --http)')
    .version(version, '-v, --version')
    .enablePositionalOptions()
    .allowExcessArguments()
    .helpCommand(true)
    .showSuggestionAfterError()
    .showHelpAfterError('(run konnect-mcp --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
    .exitOverride();

  function subcommand(name: string): Command {
    return withFlags(program.command(name), SUBCOMMAND_FLAGS[name] ?? []);
  }

  /** Flags given before the subcommand, then after it (those win). */
  function flagsOf(cmd: Command): Flags {
    return { ...program.opts<Flags>(), ...cmd.opts<Flags>() };
  }

  program.action(async (flags: Flags, cmd: Command) => {
    // Words left over are a mistyped subcommand: commander's own message, with its did-you-mean.
    if (cmd.args.length > 0) (cmd as unknown as { unknownCommand(): never }).unknownCommand();
    await startServer(flags);
  });

  // Team mode's flags belong to the server alone, so they are not offered on subcommands.
  program
    .addOption(new Option('--http', 'team mode: serve stateless Streamable HTTP at /mcp instead of stdio [env KONNECT_MCP_HTTP=1]'))
    .addOption(new Option('--host <host>', 'HTTP: address to bind [env KONNECT_MCP_HOST] (default: 127.0.0.1)'))
    .addOption(new Option('--port <port>', 'HTTP: port [env KONNECT_MCP_PORT] (default: 3000)'))
    .addOption(new Option('--shared-token', 'HTTP: allow --token/KONNECT_TOKEN for requests that bring none (everyone acts as its owner)'))
    .addOption(new Option('--require-auth', 'HTTP: answer 401 with OAuth resource metadata to requests without a bearer'))
    .addOption(new Option('--authorization-server <url>', 'HTTP: authorization server named in the resource metadata (repeatable)').argParser(collect))
    .addOption(new Option('--allowed-origins <origins>', 'HTTP: browser origins allowed to call, comma-separated [env KONNECT_MCP_ALLOWED_ORIGINS]').argParser(collect))
    .addOption(new Option('--public-url <url>', 'HTTP: public base URL behind a gateway, for the resource metadata [env KONNECT_MCP_PUBLIC_URL]'))
    .addOption(new Option('--body-timeout <ms>', 'HTTP: deadline for receiving a whole request [env KONNECT_MCP_BODY_TIMEOUT] (default: 10000)'))
    .addOption(new Option('--max-concurrent <n>', 'HTTP: requests served at once; more get 503 [env KONNECT_MCP_MAX_CONCURRENT] (default: 512)'));

  subcommand('config')
    .description(`print the setup snippet for an MCP client: ${CLIENTS.join(', ')} (the token stays a placeholder)`)
    .argument('<client>', CLIENTS.join(' | '))
    .option('--local', 'start this checkout (node /abs/path/bin/konnect-mcp.js) instead of npx')
    .option('--http <url>', 'connect to a shared team-mode server at this /mcp URL instead of launching one')
    .action((client: string, opts: { local?: boolean; http?: string }, cmd: Command) => {
      if (!isClientName(client)) throw new ConfigError(`unknown client "${client}": use one of ${CLIENTS.join(', ')}`);
      const flags = flagsOf(cmd);
      if (opts.http && (flags.region || flags.readOnly)) throw new ConfigError('--region and --read-only are settings of the shared server, not of its clients; drop them with --http');
      if (opts.http && opts.local) throw new ConfigError('--local launches a server and --http connects to one; choose one of them');
      const httpUrl = opts.http ? parseBaseUrl(opts.http, '--http') : undefined;
      const snippet = clientSnippet(client, {
        region: flags.region ? parseRegion(flags.region) : undefined,
        readOnly: flags.readOnly,
        httpUrl,
        ...(opts.local ? { launch: localLaunch(BIN_FILE) } : {}),
      });
      print(snippet.text);
      log(snippet.where);
    });

  subcommand('doctor')
    .description('check Node, the token, the region, the Konnect hosts and a live whoami call')
    .action(async (_opts: unknown, cmd: Command) => {
      const raw = rawConfig(flagsOf(cmd));
      secret = raw.token;
      const { renderDoctor, runDoctor } = await import('./doctor.js');
      const proxy = proxySettings(env);
      const report = await runDoctor(
        { nodeVersion: process.versions.node, token: raw.token, region: raw.region, baseUrl: raw.baseUrl, timeout: raw.timeout === undefined ? undefined : String(raw.timeout) },
        { fetch: proxy ? await proxyFetch(proxy) : globalThis.fetch, toolDeps, proxy },
      );
      print(`konnect-mcp ${version} doctor\n${renderDoctor(report)}`);
      if (!report.ok) process.exitCode = 1;
    });

  subcommand('search')
    .description('search operations from plain words and print a table')
    .argument('<words...>', 'what you want to do, e.g. list routes')
    .addOption(wholeNumberOption('--limit <n>', 'max results (default 10)', search.inputSchema.shape.limit))
    .option('--api <api>', 'only this api slug')
    .addOption(choice('--method <method>', 'only this HTTP method (any case)', search.inputSchema.shape.method))
    .action(async (words: string[], opts: { limit?: number; api?: string; method?: SearchArgs['method'] }, cmd: Command) => {
      const deps = toolDeps(loadConfig(flagsOf(cmd)));
      const { searchCommand } = await import('./commands/search.js');
      print(await searchCommand({ query: words.join(' '), ...(opts.limit ? { limit: opts.limit } : {}), ...(opts.api ? { api: opts.api } : {}), ...(opts.method ? { method: opts.method } : {}) }, deps));
    });

  subcommand('schema')
    .description("print an operation's parameters, request body and responses as JSON")
    .argument('<operationId>', 'operationId from search')
    .option('--api <api>', 'api slug, when the operationId exists in several APIs')
    .option('--part <part>', 'only parameters, requestBody, responses, response:<status> or a dot path such as requestBody.config')
    .addOption(wholeNumberOption('--depth <n>', 'nesting depth before nodes are cut', getSchema.inputSchema.shape.depth))
    .action(async (operationId: string, opts: { api?: string; part?: string; depth?: number }, cmd: Command) => {
      const deps = toolDeps(loadConfig(flagsOf(cmd)));
      const { schemaCommand } = await import('./commands/schema.js');
      print(await schemaCommand({ operationId, ...(opts.api ? { api: opts.api } : {}), ...(opts.part ? { part: opts.part } : {}), ...(opts.depth ? { depth: opts.depth } : {}) }, deps));
    });

  subcommand('trace')
    .description('analyze a trace downloaded from a Konnect Debugger session (.json or .zip): where the time went')
    .argument('<file>', 'the downloaded .json or .zip file')
    .option('--trace-id <id>', 'the trace to analyze, when the file holds many')
    .option('--request-id <id>', 'or pick the trace by its Kong request id')
    .action(async (file: string, opts: { traceId?: string; requestId?: string }) => {
      const { traceCommand } = await import('./commands/trace.js');
      print(await traceCommand({ file, ...opts }));
    });

  subcommand('call')
    .description('call an operation and print the response as JSON (exit code 1 on an HTTP error)')
    .argument('<operationId>', 'operationId from search')
    .option('--api <api>', 'api slug, when the operationId exists in several APIs')
    .option('--path <name=value>', 'path parameter (repeatable)', collect)
    .option('--query <name=value>', 'query parameter (repeatable); filter[name][eq]=x style names are kept', collect)
    .option('--header <name=value>', 'extra header the operation declares (repeatable)', collect)
    .option('--body <json|@file>', 'JSON request body, or @file to read it from a file')
    .option('--dry-run', 'print the exact request (token redacted) and send nothing')
    .addOption(wholeNumberOption('--max-items <n>', "follow the list's pagination up to n items (progress on stderr)", execute.inputSchema.shape.maxItems))
    .option('--fields <paths>', 'keep only these comma-separated dot paths in each list item')
    .option('--select <jmespath>', 'JMESPath over the collected items, e.g. "[?service==null].name"')
    .option('--resume <value>', 'continue a list from the pagination.resume of an earlier answer')
    .action(async (operationId: string, opts: Omit<CallFlags, 'operationId'>, cmd: Command) => {
      const deps = toolDeps(loadConfig(flagsOf(cmd)));
      const { callCommand } = await import('./commands/call.js');
      const res = await callCommand({ operationId, ...opts }, { tool: deps, readFile: (p) => readFile(p, 'utf8') });
      print(res.output);
      if (!res.ok) process.exitCode = 1;
    });
  return program;
}

keepSearchGarbageYoung();

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
