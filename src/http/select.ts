// `select`: a JMESPath expression evaluated over the collected items, so a question is answered on the server
// instead of by reading every item. The maintained community implementation does the parsing and evaluation.
import { compile, search, tokenize, type JSONValue } from '@jmespath-community/jmespath';
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

/** Evaluates the expression over the items; an evaluation error (a wrong function argument) is refused too. */
export function runSelect(expression: string, items: unknown): unknown {
  try {
    return search(items as JSONValue, expression);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ToolInputError(`select failed on the items: ${message}. Check the field names with get_schema (part "response:200") and the function arguments.`, 'INVALID_SELECT');
  }
}
