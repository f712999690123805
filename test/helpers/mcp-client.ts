// Spawns the built bin over stdio with the SDK's own client.
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

export const BIN = fileURLToPath(new URL('../../bin/konnect-mcp.js', import.meta.url));

export interface Spawned {
  client: Client;
  stderr: () => string;
  close(): Promise<void>;
}

export async function spawnServer(env: Record<string, string> = {}, args: string[] = [], node = process.execPath): Promise<Spawned> {
  const transport = new StdioClientTransport({
    command: node,
    args: [BIN, ...args],
    env: { PATH: process.env.PATH ?? '', ...env },
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const client = new Client({ name: 'konnect-mcp-test', version: '0.0.0' });
  await client.connect(transport);
  return { client, stderr: () => err, close: () => client.close() };
}
