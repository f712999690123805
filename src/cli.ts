// The only module that touches process: flags and env -> Config, then the stdio server.
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { parseConfig, REGIONS, type RawConfig } from './config.js';
import { createDeps } from './deps.js';
import { ConfigError, errorMessage } from './errors.js';
import { CATALOG_DIR, DOCS_DIR, PACKAGE_JSON } from './paths.js';
import { createServer } from './server.js';

const version = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
const env = process.env;
const log = (line: string): void => void process.stderr.write(`konnect-mcp: ${line}\n`);

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

const program = new Command()
  .name('konnect-mcp')
  .description('MCP server for the Kong Konnect API: search, get_schema, execute, search_docs (stdio)')
  .version(version, '-v, --version')
  .option('--token <token>', 'Konnect PAT (kpat_…) or system account token (spat_…) [env KONNECT_TOKEN]')
  .addOption(new Option('--region <region>', `default region: ${REGIONS.join(', ')} [env KONNECT_REGION] (default: us)`))
  .option('--base-url <url>', 'override the origin of every request, e.g. a proxy [env KONNECT_BASE_URL]')
  .option('--read-only', 'refuse every operation that writes [env KONNECT_READ_ONLY=1]')
  .option('--timeout <ms>', 'per-request timeout in milliseconds [env KONNECT_TIMEOUT] (default: 30000)')
  .option('--spec <file>', 'also index this OpenAPI file (repeatable) [env KONNECT_MCP_SPECS, comma-separated]', collect)
  .option('--all-versions', 'also index older versions of each API')
  .option('--allow <globs>', 'only these operationIds or "METHOD /path" globs, comma-separated [env KONNECT_MCP_ALLOW]', collect)
  .option('--deny <globs>', 'never these operationIds or "METHOD /path" globs, comma-separated [env KONNECT_MCP_DENY]', collect)
  .option('--max-response-tokens <n>', 'cut execute answers to about this many tokens [env KONNECT_MCP_MAX_RESPONSE_TOKENS] (default: 20000)')
  .showHelpAfterError('(run konnect-mcp --help for usage)')
  .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
  .exitOverride();

function fail(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`konnect-mcp: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`konnect-mcp: ${errorMessage(err)}\n`);
  process.exit(1);
}

program.action(async (flags: Flags) => {
  const { config, warnings } = parseConfig(rawConfig(flags));
  for (const w of warnings) log(`warning: ${w}`);
  if (!config.token) log('no token set: search, get_schema and search_docs work; execute needs KONNECT_TOKEN');
  const deps = createDeps({ config, version, catalogDir: CATALOG_DIR, docsDir: DOCS_DIR, log });
  if (config.specs.length > 0 || config.allVersions) await deps.catalog(); // surface spec errors at startup
  serveStdio(() => createServer(deps), { onerror: (e) => log(`transport error: ${e.message}`) });
});

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const code = (err as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') process.exit(0);
  if (typeof code === 'string' && code.startsWith('commander.')) process.exit(2);
  fail(err);
}
