// Collects the words the tuning questions use for each operation into src/search/asked-words.json, which the catalog
// build indexes as the `asked` field (scripts/lib/asked-words.ts). npm run train:asked [-- --check] (--check: fail if
// the file is not what the questions give, write nothing). After it, npm run build and npm run train:reorder.
import { readFile, writeFile } from 'node:fs/promises';
import { ASKED_WORDS_FILE, askedWords, questionFiles } from './lib/asked-words.js';

const check = process.argv.includes('--check');
const files = await questionFiles();
const { questions, operations, text } = await askedWords(files);
console.log(`train-asked: ${questions} questions from ${files.length} files, words for ${operations} operations`);
if (check) {
  if ((await readFile(ASKED_WORDS_FILE, 'utf8').catch(() => '')) !== text) {
    console.error(`train-asked: ${ASKED_WORDS_FILE} is not what the questions give. Run npm run train:asked and commit it.`);
    process.exitCode = 1;
  }
} else {
  await writeFile(ASKED_WORDS_FILE, text);
  console.log(`  wrote ${ASKED_WORDS_FILE}`);
}
