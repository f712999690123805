// Build step: the English verbs search ships (src/search/verbs.ts), cut from the wink-lexicon package's
// part-of-speech lexicon (a dev dependency, never shipped). A word's tags are listed most frequent first.
import { createRequire } from 'node:module';
import type { VerbListJson } from '../../src/search/verbs.js';

export function buildVerbList(): VerbListJson {
  const lexicon = createRequire(import.meta.url)('wink-lexicon/src/lexicon.js') as Record<string, unknown>;
  const usually: string[] = [];
  const also: string[] = [];
  for (const [word, tags] of Object.entries(lexicon)) {
    if (!/^[a-z]+$/.test(word) || !Array.isArray(tags) || !tags.includes('VB')) continue;
    (String(tags[0]).startsWith('VB') ? usually : also).push(word);
  }
  return { usually: usually.sort().join(' '), also: also.sort().join(' ') };
}
