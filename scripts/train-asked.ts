// Collects the words the tuning questions use for each operation into src/search/asked-words.json, which the catalog
// build indexes as the `asked` field, and how much each word leans to answerable questions or to ones no operation
// answers into src/search/answerable-words.json, which confidence reads (scripts/lib/asked-words.ts).
// npm run train:asked [-- --check] (--check: fail if a file is not what the questions give, write nothing).
// After it, npm run build and npm run train:reorder.
import { readFile, writeFile } from 'node:fs/promises';
import { ANSWERABLE_WORDS_FILE, ASKED_WORDS_FILE, answerableWords, askedWords, negativeFiles, questionFiles } from './lib/asked-words.js';

const check = process.argv.includes('--check');
const files = await questionFiles();
const negatives = await negativeFiles();
const asked = await askedWords(files);
const answerable = await answerableWords(files, negatives);
console.log(`train-asked: ${asked.questions} questions from ${files.length} files, words for ${asked.operations} operations`);
console.log(`  and ${negatives.length} files of questions no operation answers: log odds for ${answerable.words} words`);
for (const [file, text] of [
  [ASKED_WORDS_FILE, asked.text],
  [ANSWERABLE_WORDS_FILE, answerable.text],
] as const) {
  if (check) {
    if ((await readFile(file, 'utf8').catch(() => '')) !== text) {
      console.error(`train-asked: ${file} is not what the questions give. Run npm run train:asked and commit it.`);
      process.exitCode = 1;
    }
  } else {
    await writeFile(file, text);
    console.log(`  wrote ${file}`);
  }
}
