// One user over stdio: the MCP client starts this process with the user's own token in its environment.
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { createDeps, type DepsOptions } from '../deps.js';
import { createServer } from '../server.js';

/** `onerror` hears transport failures; the CLI decides what they mean for the process. */
export async function startStdio(opts: DepsOptions, onerror: (e: Error) => void): Promise<void> {
  const deps = createDeps(opts);
  const { config } = opts;
  if (!config.token) opts.log('no token set: search, get_schema and search_docs work; execute needs KONNECT_TOKEN');
  if (config.specs.length > 0 || config.allVersions) await deps.catalog(); // surface spec errors at startup
  serveStdio(() => createServer(deps), { onerror });
}
