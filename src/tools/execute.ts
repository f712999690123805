import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { REGIONS } from '../config.js';
import type { ToolDeps } from '../deps.js';
import { ToolInputError } from '../errors.js';
import { MAX_ITEMS } from '../http/paginate.js';
import { redactDeep } from '../redact.js';
import { failure, success, type ToolResult } from './result.js';
import { withToolJsonSchemas } from './json-schemas.js';

export const name = 'execute';

export const inputSchema = z.object({
  operationId: z.string().min(1).describe('From search'),
  api: z.string().optional().describe('api slug if operationId is ambiguous'),
  pathParams: z.object({}).catchall(z.union([z.string(), z.number()])).optional(), // catchall: no propertyNames in the JSON Schema
  query: z.object({}).catchall(z.unknown()).optional().describe('Objects become filter[a][b]=x'),
  headers: z.object({}).catchall(z.string()).optional().describe('Ones the operation declares'),
  body: z.unknown().optional(),
  region: z.enum(REGIONS).optional(),
  baseUrl: z.string().optional().describe('Dev portal origin (portal APIs only)'),
  dryRun: z.boolean().optional().describe('Preview request and curl; send nothing'),
  maxItems: z.number().int().min(1).max(MAX_ITEMS).optional().describe('Page a list up to this many items'),
  fields: z.array(z.string()).min(1).optional().describe('Dot paths kept per item, e.g. ["id","name"]'),
  select: z.string().min(1).optional().describe('JMESPath over all items, e.g. [?service==null].name'),
  resume: z.string().min(1).optional().describe('pagination.resume of the last answer'),
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

export const outputSchema = z.looseObject({ status: z.number().optional(), body: z.unknown().optional(), pagination: z.unknown().optional() });

export const config = {
  title: 'Execute a Konnect operation',
  description:
    'Call a Konnect operation (validated first). dryRun previews; maxItems pages lists, resume continues; ' +
    'fields/select trim. Read-only mode refuses writes.',
  inputSchema,
  outputSchema,
  annotations: { title: 'Execute a Konnect operation', readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
};

export type ExecuteArgs = z.input<typeof inputSchema>;

export async function handle(args: ExecuteArgs, deps: ToolDeps, signal?: AbortSignal): Promise<ToolResult> {
  const token = deps.config.token;
  try {
    checkArgumentNames(args);
    // The pipeline (validation, paging, select) loads on the first call, keeping it off the startup path.
    const { runCall } = await import('../http/call.js');
    const { out, ok } = await runCall(args, deps, signal);
    const safe = redactDeep(out, token);
    const result = success(safe, JSON.stringify(safe), token);
    return ok ? result : { ...result, isError: true };
  } catch (err) {
    return failure(err, token);
  }
}

export function register(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, withToolJsonSchemas(name, { ...config, inputSchema: runtimeSchema }, deps.jsonSchemas), (args, ctx) => handle(args, deps, ctx.mcpReq.signal));
}
