// `select`: a JMESPath expression evaluated over the collected items, so a question is answered on the server
// instead of by reading every item. The maintained community implementation does the parsing and evaluation.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { compile, tokenize } from '@jmespath-community/jmespath';
import { ToolInputError } from '../errors.js';

export const MAX_SELECT_LENGTH = 1_000;

/** Where the parser stopped: at the token its message names, or at the end for an unexpected end. */
function position(expression: string, message: string): number | undefined {
  if (/\bEOF\b|end of/.test(message)) return expression.length;
  const unknownChar = /unknown character: (.)/.exec(message);
  if (unknownChar) return expression.indexOf(unknownChar[1]!);
  const named = /token: (.+?)\((\w+)\)$|value: (.+)$/.exec(message);
  const value = named?.[1] ?? named?.[3];
  if (value === undefined) return undefined;
  try {
    const token = tokenize(expression).find((t) => String(t.value) === value);
    return token?.start;
  } catch {
    return undefined;
  }
}

/** Parses the expression before anything is sent; a malformed one is refused with the parser's words. */
export function checkSelect(expression: string): void {
  if (expression.length > MAX_SELECT_LENGTH) throw new ToolInputError(`select is ${expression.length} characters; keep it under ${MAX_SELECT_LENGTH}.`, 'INVALID_SELECT');
  try {
    compile(expression);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = position(expression, message);
    throw new ToolInputError(
      `select is not valid JMESPath: ${message}${at !== undefined ? ` (at character ${at + 1})` : ''}. Nothing was sent. ` +
        'Examples: [?service==null].name, length([?enabled]), sort_by(@, &created_at)[-5:]. Literals go in backticks (`null`) or single quotes.',
      'INVALID_SELECT',
    );
  }
}

/**
 * What one select may cost. A short expression can double its result at every pipe stage (`[@,@] | [@,@] | …`) or
 * flatten the copies: evaluated on the main thread, 30 stages held the server for minutes. So it runs in a worker
 * with its own heap, a deadline, and a cap on the JSON it answers.
 */
export const SELECT_LIMITS = { ms: 3_000, heapMb: 256, outputBytes: 20 * 1024 * 1024 };

// CommonJS source for the worker (eval: true): no separate file to bundle, and it loads the same library.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { search } = require(workerData.lib);
let answer;
try {
  const text = JSON.stringify(search(workerData.items, workerData.expression)) ?? 'null';
  answer = text.length > workerData.maxOutput ? { tooLarge: text.length } : { text };
} catch (err) {
  answer = { error: err instanceof Error ? err.message : String(err) };
}
parentPort.postMessage(answer);
`;

const LIBRARY = createRequire(import.meta.url).resolve('@jmespath-community/jmespath');

type WorkerAnswer = { text: string } | { tooLarge: number } | { error: string };

function tooCostly(why: string): ToolInputError {
  return new ToolInputError(
    `select ${why}; nothing larger is evaluated. Narrow it: filter first ([?...]), pick fields, or cut with [:50].`,
    'INVALID_SELECT',
  );
}

/** Evaluates the expression over the items in a worker; an evaluation error (a wrong function argument) is refused too. */
export async function runSelect(expression: string, items: unknown, limits = SELECT_LIMITS): Promise<unknown> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    env: {}, // the token stays out of the worker
    workerData: { lib: LIBRARY, items, expression, maxOutput: limits.outputBytes },
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 32 },
    stdout: true,
    stderr: true,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
      timer = setTimeout(() => reject(tooCostly(`took over ${limits.ms / 1000} s`)), limits.ms);
      worker.once('message', (m: WorkerAnswer) => resolve(m));
      worker.once('error', (err) =>
        reject((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooCostly(`needed over ${limits.heapMb} MB`) : err),
      );
      worker.once('exit', (code) => reject(new Error(`the select worker stopped (exit code ${code})`)));
    });
    if ('tooLarge' in answer) throw tooCostly(`answered ${answer.tooLarge} characters of JSON, over ${limits.outputBytes}`);
    if ('error' in answer) {
      throw new ToolInputError(
        `select failed on the items: ${answer.error}. Check the field names with get_schema (part "response:200") and the function arguments.`,
        'INVALID_SELECT',
      );
    }
    return JSON.parse(answer.text) as unknown;
  } finally {
    clearTimeout(timer);
    void worker.terminate();
  }
}
