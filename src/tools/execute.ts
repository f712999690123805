import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { REGIONS } from '../config.js';
import type { ToolDeps } from '../deps.js';
import { runCall } from '../http/call.js';
import { redactDeep } from '../redact.js';
import { failure, success, type ToolResult } from './result.js';
import { withToolJsonSchemas } from './json-schemas.js';

export const name = 'execute';

export const inputSchema = z.object({
  operationId: z.string().min(1).describe('operationId from search'),
  api: z.string().optional().describe('api slug, when the operationId is not unique'),
  pathParams: z.record(z.string(), z.union([z.string(), z.number()])).optional().describe('Path parameters by name'),
  query: z.record(z.string(), z.unknown()).optional().describe('Query parameters; objects become filter[a][b]=x'),
  headers: z.record(z.string(), z.string()).optional().describe('Extra headers the operation declares'),
  body: z.unknown().optional().describe('JSON request body'),
  region: z.enum(REGIONS).optional().describe('Region for this call'),
  baseUrl: z.string().optional().describe("Dev-portal APIs only: the portal's origin"),
  dryRun: z.boolean().optional().describe('Return the request (token redacted) and a curl line; send nothing'),
  maxItems: z.number().int().min(1).max(1000).optional().describe('Follow pagination of a list up to this many items'),
  fields: z.array(z.string()).min(1).optional().describe('Keep only these dot paths of each list item, e.g. ["id","name"]'),
});

export const outputSchema = z
  .object({
    method: z.string(),
    url: z.string(),
    status: z.number().optional(),
    ok: z.boolean().optional(),
    body: z.unknown().optional(),
  })
  .passthrough();

export const config = {
  title: 'Execute a Konnect operation',
  description:
    'Call one Konnect operation by operationId with pathParams, query and body, validated first. ' +
    'dryRun previews; maxItems pages through lists; fields trims them. Writes are refused in read-only mode.',
  inputSchema,
  outputSchema,
  annotations: { title: 'Execute a Konnect operation', readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
};

export type ExecuteArgs = z.input<typeof inputSchema>;

export async function handle(args: ExecuteArgs, deps: ToolDeps, signal?: AbortSignal): Promise<ToolResult> {
  const token = deps.config.token;
  try {
    const { out, ok } = await runCall(args, deps, signal);
    const safe = redactDeep(out, token);
    const result = success(safe, JSON.stringify(safe), token);
    return ok ? result : { ...result, isError: true };
  } catch (err) {
    return failure(err, token);
  }
}

export function register(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, withToolJsonSchemas(name, config, deps.jsonSchemas), (args, ctx) => handle(args, deps, ctx.mcpReq.signal));
}
