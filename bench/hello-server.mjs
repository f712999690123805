#!/usr/bin/env node
// Baseline for the startup benchmark: the smallest useful server on the same SDK, one trivial tool.
import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import * as z from 'zod';

serveStdio(() => {
  const server = new McpServer({ name: 'hello', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.registerTool(
    'hello',
    { description: 'Say hello', inputSchema: z.object({ name: z.string() }), annotations: { readOnlyHint: true } },
    ({ name }) => ({ content: [{ type: 'text', text: `hello ${name}` }] }),
  );
  return server;
});
