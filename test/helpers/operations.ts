// One Operation for search tests: what a test names, with the rest as an extracted operation has it by default.
import type { Operation } from '../../src/catalog/types.js';

type Named = Pick<Operation, 'method' | 'path' | 'operationId' | 'summary'> & Partial<Operation>;

export function operation({ api = 'things', ...rest }: Named): Operation {
  return { api, apiKey: `${api}@v1`, description: '', tags: [], deprecated: false, latest: true, params: [], bodyFields: [], ...rest };
}
