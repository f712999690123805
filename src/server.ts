// createServer(deps): the MCP server with its tools and instructions. Knows no transport.
import { McpServer } from '@modelcontextprotocol/server';
import { registerPrompts } from './prompts.js';
import * as analyzeTrace from './tools/analyze-trace.js';
import type { ToolDeps } from './deps.js';
import * as execute from './tools/execute.js';
import * as getSchema from './tools/get-schema.js';
import * as search from './tools/search.js';
import * as searchDocs from './tools/search-docs.js';

export const INSTRUCTIONS = [
  'konnect-mcp gives access to the whole Kong Konnect API and Kong docs.',
  '1. search: find the operation for the task in plain words (returns operationId + api).',
  '2. get_schema: see its parameters and body; use part/depth to zoom into big bodies.',
  '3. execute: call it with pathParams, query and body; dryRun previews the request.',
  'For how-to and configuration questions use search_docs. Prefer reads; confirm writes with the user.',
  'For a trace downloaded from a Konnect Debugger session (.json/.zip), analyze_trace shows where the time went.',
].join('\n');

export const TOOLS = [search, getSchema, execute, searchDocs, analyzeTrace];

export function createServer(deps: ToolDeps): McpServer {
  const server = new McpServer(
    { name: 'konnect-mcp', version: deps.version },
    { capabilities: { tools: {} }, instructions: INSTRUCTIONS },
  );
  for (const tool of TOOLS) tool.register(server, deps);
  registerPrompts(server, deps);
  return server;
}
