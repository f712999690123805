// `konnect-mcp call <operationId>`: flags -> execute args, then the execute tool's answer as JSON.
import { ToolInputError, errorMessage } from '../errors.js';
import type { ToolDeps } from '../deps.js';
import { dict } from '../json.js';
import { runCall, type CallArgs } from '../http/call.js';
import { redact } from '../redact.js';

export interface CallFlags {
  operationId: string;
  api?: string | undefined;
  path?: string[] | undefined;
  query?: string[] | undefined;
  header?: string[] | undefined;
  /** JSON text, or @file to read it from a file. */
  body?: string | undefined;
  dryRun?: boolean | undefined;
  /** Already range-checked by the command line. */
  maxItems?: number | undefined;
  /** Comma-separated dot paths kept in each list item. */
  fields?: string | undefined;
  select?: string | undefined;
  resume?: string | undefined;
}

export interface CallDeps {
  tool: ToolDeps;
  readFile: (path: string) => Promise<string>;
}

export interface CallResult {
  output: string;
  /** False when the API answered with an HTTP error. */
  ok: boolean;
}

/** Splits repeated `k=v` flags into a prototype-free record; the first `=` separates, so values may contain `=`.
 *  Values stay strings: execute's normalizer coerces them by each parameter's schema type. */
export function parsePairs(flag: string, items: string[] = []): Record<string, string> {
  const out = dict<string>();
  for (const item of items) {
    const i = item.indexOf('=');
    if (i <= 0) throw new ToolInputError(`${flag} expects name=value, got "${item}"`);
    out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

export async function readBody(body: string, readFile: CallDeps['readFile']): Promise<unknown> {
  let text = body;
  if (body.startsWith('@')) {
    const file = body.slice(1);
    try {
      text = await readFile(file);
    } catch (err) {
      throw new ToolInputError(`cannot read --body file "${file}": ${errorMessage(err)}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ToolInputError(`--body must be JSON (or @file with JSON): ${errorMessage(err)}`);
  }
}

export async function callCommand(input: CallFlags, deps: CallDeps): Promise<CallResult> {
  const query = parsePairs('--query', input.query);
  const headers = parsePairs('--header', input.header);
  const args: CallArgs = {
    operationId: input.operationId,
    ...(input.api ? { api: input.api } : {}),
    ...(input.path?.length ? { pathParams: parsePairs('--path', input.path) } : {}),
    ...(Object.keys(query).length ? { query } : {}),
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(input.body !== undefined ? { body: await readBody(input.body, deps.readFile) } : {}),
    ...(input.dryRun ? { dryRun: true } : {}),
    ...(input.maxItems !== undefined ? { maxItems: input.maxItems } : {}),
    ...(input.fields ? { fields: input.fields.split(',').map((f) => f.trim()).filter(Boolean) } : {}),
    ...(input.select !== undefined ? { select: input.select } : {}),
    ...(input.resume !== undefined ? { resume: input.resume } : {}),
  };
  const { out, ok } = await runCall(args, deps.tool);
  return { ok, output: redact(JSON.stringify(out, null, 2), deps.tool.config.token) };
}
