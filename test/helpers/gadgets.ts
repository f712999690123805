// The gadgets fixture (test/fixtures/gadgets.yaml) parsed, with a lookup of its operations by operationId.
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { METHODS } from '../../src/catalog/extract.js';
import type { HttpMethod } from '../../src/catalog/types.js';
import { operationSpec, type OperationSpec } from '../../src/http/spec.js';

export const GADGETS = new URL('../fixtures/gadgets.yaml', import.meta.url).pathname;

export interface FixtureOp {
  operationId: string;
  method: HttpMethod;
  path: string;
  summary: string;
  spec: OperationSpec;
}

export async function loadGadgets(): Promise<{ doc: OpenAPIV3.Document; op: (id: string) => FixtureOp }> {
  const doc = (await SwaggerParser.parse(GADGETS)) as OpenAPIV3.Document;
  const ops = new Map<string, FixtureOp>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const m of METHODS) {
      const raw = item?.[m];
      if (!raw?.operationId) continue;
      const method = m.toUpperCase() as HttpMethod;
      ops.set(raw.operationId, { operationId: raw.operationId, method, path, summary: raw.summary ?? '', spec: operationSpec(doc, { method, path }) });
    }
  }
  return {
    doc,
    op: (id) => {
      const found = ops.get(id);
      if (!found) throw new Error(`no fixture operation ${id}`);
      return found;
    },
  };
}
