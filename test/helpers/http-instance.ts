// Team mode under test: the built bin started with --http on 127.0.0.1 port 0, and the SDK's own HTTP client.
import { spawn, type ChildProcess } from 'node:child_process';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { BIN } from './mcp-client.js';

export interface Instance {
  url: string;
  proc: ChildProcess;
  stderr: () => string;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function spawnHttp(args: string[] = [], env: Record<string, string> = {}): Promise<Instance> {
  const proc = spawn(process.execPath, [BIN, '--http', '--port', '0', ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    proc.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /MCP at POST (http:\/\/[^\s]+)\/mcp/.exec(err);
      if (m?.[1]) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`konnect-mcp --http exited with ${code}: ${err}`)));
  });
  return {
    url,
    proc,
    stderr: () => err,
    exited,
    stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

export async function connectHttp(url: string, token?: string, headers: Record<string, string> = {}): Promise<Client> {
  const all = { ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) };
  const client = new Client({ name: 'konnect-mcp-http-test', version: '0.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: all } }));
  return client;
}

/** The JSON access-log lines written so far. */
export function accessLog(inst: Instance): Record<string, unknown>[] {
  return inst
    .stderr()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
