import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { DEFAULT_DEPTH, describeOperation } from '../catalog/schema.js';
import { ToolInputError } from '../errors.js';
import type { ToolDeps } from './context.js';
import { failure, success, type ToolResult } from './result.js';

export const name = 'get_schema';

export const inputSchema = z.object({
  operationId: z.string().min(1).describe('operationId from search'),
  api: z.string().optional().describe('api slug; needed only when the operationId exists in several APIs'),
  part: z
    .string()
    .optional()
    .describe('Only this piece: parameters, requestBody, responses, response:<status>, or a dot path such as requestBody.config'),
  depth: z.number().int().min(1).max(20).optional().describe(`Nesting depth before nodes become {"$more": part} (default ${DEFAULT_DEPTH})`),
});

export const outputSchema = z
  .object({
    operationId: z.string(),
    api: z.string(),
    method: z.string(),
    path: z.string(),
    host: z.string(),
    summary: z.string().optional(),
    part: z.string().optional(),
  })
  .passthrough();

export const config = {
  title: 'Get operation schema',
  description:
    'Show what one operation takes and returns: parameters (with spec names), request body and responses, $refs resolved. ' +
    'Use part/depth to zoom in on big bodies.',
  inputSchema,
  outputSchema,
  annotations: { title: 'Get operation schema', readOnlyHint: true, openWorldHint: false },
};

export type GetSchemaArgs = z.input<typeof inputSchema>;

function hostLabel(kind: string, prefix: string, regions: string[]): string {
  if (kind === 'global') return `https://global.api.konghq.com${prefix}`;
  if (kind === 'custom') return `<portal baseUrl>${prefix}`;
  return `https://{region}.api.konghq.com${prefix} (regions: ${regions.join(', ')})`;
}

/** Picks a piece of the described operation by part name or dot path. */
export function selectPart(full: Record<string, unknown>, part: string): unknown {
  if (part.startsWith('response:')) {
    const status = part.slice('response:'.length);
    const responses = full.responses as Record<string, unknown>;
    if (!(status in responses)) throw new ToolInputError(`no response ${status}; this operation has ${Object.keys(responses).join(', ')}`);
    return responses[status];
  }
  const [head, ...rest] = part.split('.');
  let node: unknown = head === 'requestBody' ? (full.requestBody as { schema?: unknown } | undefined)?.schema : full[head ?? ''];
  if (node === undefined) throw new ToolInputError(`unknown part "${part}": use parameters, requestBody, responses, response:<status> or a dot path into requestBody`);
  for (const key of rest) {
    const obj = node as Record<string, unknown>;
    const props = obj?.properties as Record<string, unknown> | undefined;
    const next = props?.[key] ?? (obj?.items as Record<string, unknown> | undefined)?.properties?.[key as never] ?? obj?.[key];
    if (next === undefined) throw new ToolInputError(`"${key}" not found under ${part}; ask for a shorter part to see the available fields`);
    node = next;
  }
  return node;
}

export async function runGetSchema(args: GetSchemaArgs, deps: ToolDeps): Promise<Record<string, unknown>> {
  const catalog = await deps.catalog();
  const op = catalog.find(args.operationId, args.api);
  const api = catalog.api(op);
  const doc = await catalog.spec(api);
  const described = describeOperation(doc, op, args.depth ?? DEFAULT_DEPTH);
  const head = {
    operationId: op.operationId,
    api: op.api,
    method: op.method,
    path: op.path,
    host: hostLabel(api.host.kind, api.host.prefix, api.host.regions),
    ...(op.summary ? { summary: op.summary } : {}),
    ...(op.deprecated ? { deprecated: true } : {}),
  };
  const full = { ...described } as unknown as Record<string, unknown>;
  if (args.part) return { ...head, part: args.part, value: selectPart(full, args.part) };
  return { ...head, ...full };
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
  server.registerTool(name, config, (args) => handle(args, deps));
}
