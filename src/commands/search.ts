// `konnect-mcp search <words>`: the search tool's results as a table.
import type { ToolDeps } from '../deps.js';
import { renderSearch, runSearch, type SearchArgs } from '../tools/search.js';
import { formatTable } from './table.js';

export async function searchCommand(args: SearchArgs, deps: ToolDeps): Promise<string> {
  const out = await runSearch(args, deps);
  if (out.results.length === 0) return renderSearch(out);
  const rows = out.results.map((r) => [r.method, r.path, r.operationId, r.api, `${r.summary}${r.deprecated ? ' (deprecated)' : ''}`]);
  const table = formatTable(['METHOD', 'PATH', 'OPERATION', 'API', 'SUMMARY'], rows);
  return `${table}\n\n${out.results.length} of ${out.total} matches. Next: konnect-mcp schema <operationId>`;
}
