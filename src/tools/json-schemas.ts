// Tool JSON Schemas are computed at build time (scripts/build-tool-schemas.ts), so the first tools/list does not
// convert zod schemas while the client waits; arguments are still validated by zod.
import { readFileSync } from 'node:fs';
import type { StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import type { Raw } from '../json.js';

/** The target the SDK asks for when it lists tools. */
export const JSON_SCHEMA_TARGET = 'draft-2020-12';

export type ToolJsonSchemas = Record<string, { input: Raw; output: Raw }>;

/** Without `$schema`: MCP tool schemas are 2020-12 unless they say otherwise, and tools/list has a token budget. */
export function jsonSchemaOf(schema: StandardSchemaWithJSON, io: 'input' | 'output'): Raw {
  const { $schema: _dialect, ...rest } = schema['~standard'].jsonSchema[io]({ target: JSON_SCHEMA_TARGET });
  return rest;
}

/** The same schema, answering JSON Schema requests with a precomputed value. */
export function withJsonSchema<S extends StandardSchemaWithJSON>(schema: S, json: Raw | undefined): S {
  if (!json) return schema;
  const std = schema['~standard'];
  return { '~standard': { ...std, jsonSchema: { input: () => json, output: () => json } } } as unknown as S;
}

export function withToolJsonSchemas<C extends { inputSchema: StandardSchemaWithJSON; outputSchema: StandardSchemaWithJSON }>(
  name: string,
  config: C,
  schemas: ToolJsonSchemas | undefined,
): C {
  const s = schemas?.[name];
  if (!s) return config;
  return { ...config, inputSchema: withJsonSchema(config.inputSchema, s.input), outputSchema: withJsonSchema(config.outputSchema, s.output) };
}

/** Reads the build's schemas; undefined (convert at list time instead) when the file is missing or unreadable. */
export function readToolJsonSchemas(file: string): ToolJsonSchemas | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ToolJsonSchemas;
  } catch {
    return undefined;
  }
}
