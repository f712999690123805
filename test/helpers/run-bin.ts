// Runs a process (usually the built bin, as a user would) and collects its output and exit code.
import { spawn } from 'node:child_process';
import { BIN } from './mcp-client.js';

export interface BinResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runProcess(file: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The built bin under the current node, with a clean environment plus `env`. */
export function runBin(args: string[], env: Record<string, string> = {}): Promise<BinResult> {
  return runProcess(process.execPath, [BIN, ...args], { PATH: process.env.PATH ?? '', ...env });
}
