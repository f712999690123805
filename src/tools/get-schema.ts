import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { Catalog } from '../catalog/catalog.js';
import { DEFAULT_DEPTH, describeOperation, describePart } from '../schema/describe.js';
import type { Operation } from '../catalog/types.js';
import { konnectOrigin } from '../config.js';
import { ToolInputError, UnknownOperationError } from '../errors.js';
import type { ToolDeps } from '../deps.js';
import { failure, success, type ToolResult } from './result.js';
import { withToolJsonSchemas } from './json-schemas.js';

export const name = 'get_schema';

export const inputSchema = z.object({
  // No min(1): an empty id gets the unknown-operation answer, which points to search.
  operationId: z.string().describe('from search'),
  api: z.string().optional().describe('api slug, if the operationId is in several'),
  part: z.string().optional().describe('parameters, requestBody, responses, response:<status> or a dot path (requestBody.config)'),
  depth: z.number().int().min(1).max(20).optional().describe(`Nesting levels (default ≤${DEFAULT_DEPTH}, fitted)`),
  examples: z.boolean().optional().describe('Include spec examples'),
});

export const outputSchema = z
  .object({
    operationId: z.string(),
    api: z.string(),
    method: z.string(),
    path: z.string(),
  })
  .passthrough();

export const config = {
  title: 'Get operation schema',
  description:
    'Parameters, body and responses of one operation, $refs resolved. ' +
    '{"$more":P}: cut, pass P as part. {"$same":P}: as P. {"$cycle":N}: recursive.',
  inputSchema,
  outputSchema,
  annotations: { readOnlyHint: true, openWorldHint: false },
};

export type GetSchemaArgs = z.input<typeof inputSchema>;

function hostLabel(kind: string, prefix: string, regions: string[]): string {
  if (kind === 'global') return `${konnectOrigin('global')}${prefix}`;
  if (kind === 'custom') return `<portal baseUrl>${prefix}`;
  return `${konnectOrigin('{region}')}${prefix} (regions: ${regions.join(', ')})`;
}

/**
 * Finds the operation; when an api is given but the operationId lives elsewhere, says where,
 * and an unknown api slug gets the list of known ones.
 */
function findOperation(catalog: Catalog, operationId: string, api: string | undefined): Operation {
  try {
    return catalog.find(operationId, api);
  } catch (err) {
    if (!(err instanceof UnknownOperationError) || api === undefined) throw err;
    const elsewhere = [...new Set(catalog.operations.filter((op) => op.operationId === operationId).map((op) => op.api))];
    catalog.checkApi(api, elsewhere.length > 0 ? ` "${operationId}" is in ${elsewhere.join(', ')}.` : '');
    if (elsewhere.length > 0) {
      throw new ToolInputError((w) => `"${operationId}" is not in api "${api}"; it is in ${elsewhere.join(', ')}. Pass one of those as ${w.arg('api')}.`, 'UNKNOWN_OPERATION');
    }
    throw err;
  }
}

export async function runGetSchema(args: GetSchemaArgs, deps: ToolDeps): Promise<Record<string, unknown>> {
  const catalog = await deps.catalog();
  const op = findOperation(catalog, args.operationId, args.api);
  const api = catalog.api(op);
  const doc = await catalog.spec(api);
  const opts = { ...(args.depth !== undefined ? { depth: args.depth } : {}), ...(args.examples ? { examples: true } : {}) };
  const id = { operationId: op.operationId, api: op.api, method: op.method, path: op.path };
  if (args.part) return { ...id, part: args.part, value: describePart(doc, op, args.part.trim(), opts) };
  return {
    ...id,
    host: hostLabel(api.host.kind, api.host.prefix, api.host.regions),
    ...(op.summary ? { summary: op.summary } : {}),
    ...(op.deprecated ? { deprecated: true } : {}),
    ...describeOperation(doc, op, opts),
  };
}

export async function handle(args: GetSchemaArgs, deps: ToolDeps): Promise<ToolResult> {
  try {
    const out = await runGetSchema(args, deps);
    return success(out, JSON.stringify(out));
  } catch (err) {
    return failure(err);
  }
}

export function register(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, withToolJsonSchemas(name, config, deps.jsonSchemas), (args) => handle(args, deps));
}
