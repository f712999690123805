import { describe, expect, it } from 'vitest';
import { errorMessage, shortenEcho, ToolInputError, UnknownOperationError } from '../src/errors.js';

describe('shortenEcho', () => {
  it('leaves ordinary messages alone, URLs with their query included', () => {
    const msg = `GET https://us.api.konghq.com/v2/control-planes/${'a'.repeat(36)}/core-entities/routes?filter%5Bname%5D%5Beq%5D=x returned 404`;
    expect(shortenEcho(msg)).toBe(msg);
  });

  it('cuts a long run of input to its first 200 characters and says how long it was', () => {
    const out = shortenEcho(`unknown part "${'a.'.repeat(250_000)}"; use parameters or body`);
    // The run is the quoted part with its quotes and semicolon: 500,003 characters.
    expect(out).toBe(`unknown part "${'a.'.repeat(100).slice(0, 199)}…(500003 characters) use parameters or body`);
  });

  it('keeps the start and the end (the next step) of a long message with spaces', () => {
    const out = shortenEcho(`${'word '.repeat(100_000)}Use search to find operationIds.`);
    expect(out.length).toBeLessThan(4000);
    expect(out.endsWith('Use search to find operationIds.')).toBe(true);
  });
});

describe('errors echo input briefly', () => {
  it('an unknown 5 MB operationId comes back in a few hundred characters, in MCP and CLI words', () => {
    const err = new UnknownOperationError('x'.repeat(5_000_000), []);
    expect(err.message.length).toBeLessThan(400);
    expect(err.message).toMatch(/^Unknown operation "x{199}…\(5000003 characters\) Use search to find operationIds\.$/);
    expect(err.render('cli')).toMatch(/Use konnect-mcp search to find operationIds\.$/);
    expect(errorMessage(new Error('y'.repeat(1_000_000))).length).toBeLessThan(400);
    expect(new ToolInputError('short and sweet').message).toBe('short and sweet');
  });
});
