import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOOL_SCHEMAS_FILE } from '../../src/paths.js';
import { TOOLS } from '../../src/server.js';
import { jsonSchemaOf, readToolJsonSchemas, withJsonSchema, withToolJsonSchemas } from '../../src/tools/json-schemas.js';
import * as search from '../../src/tools/search.js';

describe('prebuilt tool JSON Schemas', () => {
  it('match what the SDK would convert from the zod schemas today (the build is not stale)', () => {
    const built = JSON.parse(readFileSync(TOOL_SCHEMAS_FILE, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(built).sort()).toEqual(TOOLS.map((t) => t.name).sort());
    for (const tool of TOOLS) {
      expect(built[tool.name], tool.name).toEqual({ input: jsonSchemaOf(tool.config.inputSchema, 'input'), output: jsonSchemaOf(tool.config.outputSchema, 'output') });
    }
  });

  it('keep validating arguments with zod', async () => {
    const wrapped = withJsonSchema(search.inputSchema, { type: 'object' });
    expect(jsonSchemaOf(wrapped, 'input')).toEqual({ type: 'object' });
    const ok = await wrapped['~standard'].validate({ query: 'list routes' });
    expect(ok).toEqual({ value: { query: 'list routes' } }); // limit defaults to 10 in runSearch, not in the schema
    const bad = await wrapped['~standard'].validate({ query: '', limit: 99 });
    expect('issues' in bad && bad.issues?.map((i) => i.path?.join('.'))).toEqual(['query', 'limit']);
  });

  it('fall back to converting at list time when the file is missing', () => {
    expect(readToolJsonSchemas('/nonexistent/tool-schemas.json')).toBeUndefined();
    expect(withToolJsonSchemas('search', search.config, undefined)).toBe(search.config);
  });
});
