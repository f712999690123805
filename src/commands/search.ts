// `konnect-mcp search <words>`: the search tool's results as a table.
import type { ToolDeps } from '../deps.js';
import { LOW_CONFIDENCE_LINE, renderSearch, runSearch, type SearchArgs } from '../tools/search.js';
import { formatTable } from './table.js';

export async function searchCommand(args: SearchArgs, deps: ToolDeps): Promise<string> {
  const out = await runSearch(args, deps);
  if (out.results.length === 0) return renderSearch(out);
  const rows = out.results.map((r) => [r.method, r.path, r.operationId, r.api, `${r.summary}${r.deprecated ? ' (deprecated)' : ''}`]);
  const table = formatTable(['METHOD', 'PATH', 'OPERATION', 'API', 'SUMMARY'], rows);
  const footer = `${out.results.length} of ${out.total} matches. Next: konnect-mcp schema <operationId>`;
  // A person at a terminal needs the same warning as a model: the first rows may not do what was asked.
  return out.confidence === 'low' ? `${LOW_CONFIDENCE_LINE}\n\n${table}\n\n${footer}` : `${table}\n\n${footer}`;
}
