// Build step: each tool's input and output JSON Schema -> dist/tool-schemas.json (read at startup).
import { writeFile } from 'node:fs/promises';
import { TOOLS } from '../src/server.js';
import { jsonSchemaOf, type ToolJsonSchemas } from '../src/tools/json-schemas.js';

const out = process.argv[2] ?? 'dist/tool-schemas.json';
const schemas: ToolJsonSchemas = {};
for (const tool of TOOLS) {
  schemas[tool.name] = { input: jsonSchemaOf(tool.config.inputSchema, 'input'), output: jsonSchemaOf(tool.config.outputSchema, 'output') };
}
await writeFile(out, JSON.stringify(schemas));
console.error(`build-tool-schemas: ${TOOLS.length} tools -> ${out}`);
