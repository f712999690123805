import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { REGIONS } from '../config.js';
import type { ToolDeps } from '../deps.js';
import { ToolInputError } from '../errors.js';
import { runCall } from '../http/call.js';
import { MAX_ITEMS } from '../http/paginate.js';
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
  maxItems: z.number().int().min(1).max(MAX_ITEMS).optional().describe('Page through a list up to this many items'),
  fields: z.array(z.string()).min(1).optional().describe('Keep these dot paths of each item, e.g. ["id","name"]'),
  select: z.string().min(1).optional().describe('JMESPath over all items (after fields), e.g. [?service==null].name'),
  resume: z.string().min(1).optional().describe("pagination.resume of the previous answer: continues that list"),
}).strict();

/** What the SDK validates: unknown keys pass, so handle() can refuse them with the known ones and their place. */
const lenientSchema = inputSchema.loose();
const runtimeSchema = {
  '~standard': { ...lenientSchema['~standard'], jsonSchema: inputSchema['~standard'].jsonSchema },
} as unknown as typeof inputSchema;

const KNOWN = Object.keys(inputSchema.shape);
const PLACE: Record<string, string> = { filter: 'query', sort: 'query', size: 'query', offset: 'query', tags: 'query', labels: 'query', page: 'query (or use maxItems and resume)', limit: 'maxItems', data: 'body', payload: 'body' };

/** Refuses arguments execute does not take, saying where each belongs. */
export function checkArgumentNames(args: Record<string, unknown>): void {
  const unknown = Object.keys(args).filter((k) => !KNOWN.includes(k));
  if (unknown.length === 0) return;
  const where = unknown.map((k) => {
    const place = Object.hasOwn(PLACE, k) ? PLACE[k] : k.endsWith('Id') || k.endsWith('_id') ? 'pathParams' : undefined;
    return place ? `\`${k}\` goes inside ${place}` : `\`${k}\` is not an execute argument`;
  });
  throw new ToolInputError(`${where.join('; ')}. Nothing was sent. execute takes: ${KNOWN.join(', ')}.`, 'UNKNOWN_ARGUMENT');
}

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
    'dryRun previews; maxItems pages lists (resume continues); fields, select trim. Read-only mode refuses writes.',
  inputSchema,
  outputSchema,
  annotations: { title: 'Execute a Konnect operation', readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
};

export type ExecuteArgs = z.input<typeof inputSchema>;

export async function handle(args: ExecuteArgs, deps: ToolDeps): Promise<ToolResult> {
  const token = deps.config.token;
  try {
    checkArgumentNames(args);
    const { out, ok } = await runCall(args, deps);
    const result = success(out, JSON.stringify(out), token);
    return ok ? result : { ...result, isError: true };
  } catch (err) {
    return failure(err, token);
  }
}

export function register(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, withToolJsonSchemas(name, { ...config, inputSchema: runtimeSchema }, deps.jsonSchemas), (args) => handle(args, deps));
}
