// Facts the analytics prompts give, read from the same specs and by the same code as get_schema's `notes`
// (time-range forms, list caps, sorting, id formats), so a prompt never states what the spec does not.
import type { OperationRef } from './prompts.js';
import type { ToolDeps } from './deps.js';
import { notesOf } from './schema/describe.js';

/** One block of notes per operation that has any; '' when none has or the catalog cannot be read. */
export async function operationFacts(deps: Pick<ToolDeps, 'catalog'>, ops: OperationRef[]): Promise<string> {
  const blocks: string[] = [];
  try {
    const catalog = await deps.catalog();
    for (const ref of ops) {
      const op = catalog.find(ref.operationId, ref.api);
      if (op.method !== 'POST') continue; // only query bodies have notes; no spec is parsed for the rest
      const notes = notesOf(await catalog.spec(catalog.api(op)), op);
      if (notes.length > 0) blocks.push(`${op.operationId} [${op.api}], from its spec:\n${notes.map((n) => `- ${n}`).join('\n')}`);
    }
  } catch {
    return ''; // the prompt still works without them; get_schema shows the same notes
  }
  return blocks.join('\n');
}
