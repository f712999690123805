// `konnect-mcp schema <operationId>`: the get_schema tool's answer as indented JSON.
import type { ToolDeps } from '../deps.js';
import { runGetSchema, type GetSchemaArgs } from '../tools/get-schema.js';

export async function schemaCommand(args: GetSchemaArgs, deps: ToolDeps): Promise<string> {
  return JSON.stringify(await runGetSchema(args, deps), null, 2);
}
