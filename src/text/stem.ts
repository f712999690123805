// The one stemmer of operation search and the docs index. Each index stems at build time and its queries at run
// time with the same function, so a change here needs a rebuild (both index formats carry a version for it).

const VOWEL = /[aeiouy]/;

/**
 * A light English stemmer, not a linguistic one: folds plurals, -ing and -ed and a final e, so "routes", "routing"
 * and "route" meet, as do "named" and "name", and an acronym's plural meets it ("APIs", "SNIs": operation search
 * only; the docs index keeps four-letter words in -is whole). A short consonant-vowel-consonant word keeps its e, so
 * "plane" stays apart from "plan" and "scoped" meets "scope". Words with digits stay whole, except a plural status
 * ("502s", "5xxs").
 * Operation search uses it as is: its vocabulary tells apart words that derivational folding would join
 * ("get notified" is an event subscription, "notification details" is not).
 */
export function stem(word: string): string {
  return stemWord(word, false);
}

/**
 * For comparing stems across a final s that stem keeps (in -us and -is: "status", "redis"): drops it.
 * Only for comparing: both sides go through it, and the result is not always a word ("statu").
 */
export function withoutFinalS(stemmed: string): string {
  return stemmed.length > 3 && stemmed.endsWith('s') ? stemmed.slice(0, -1) : stemmed;
}

/** stem, also folding -ation, -ification, -ize, -ment and -ness ("configuration" meets "configure"): the docs index's. */
export function stemDerivational(word: string): string {
  return stemWord(word, true);
}

function stemWord(word: string, derivational: boolean): string {
  let w = word;
  if (/[0-9]/.test(w)) return /^[0-9][0-9a-z]*[0-9x]s$/.test(w) ? w.slice(0, -1) : w;
  if (w.length <= 3) return w;
  if (/ie[sd]$/.test(w) && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(sses|xes|ches|shes|zzes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && (!/(ss|us|is)$/.test(w) || (!derivational && w.length === 4 && w.endsWith('is')))) w = w.slice(0, -1);

  const suffix = w.endsWith('ing') ? 3 : w.endsWith('ed') ? 2 : 0;
  const base = w.slice(0, w.length - suffix);
  if (suffix > 0 && base.length >= 3 && VOWEL.test(base)) {
    w = base;
    // "planned" -> plan; "enabled" -> enable; "scoped" -> scope (one syllable ending consonant-vowel-consonant).
    if (/([^aeiouylsz])\1$/.test(w) && w.length > 3) w = w.slice(0, -1);
    else if (/(at|bl|iz)$/.test(w) || /^[^aeiouy]*[aeiouy][^aeiouwxy]$/.test(w)) w += 'e';
  }

  if (derivational) {
    if (w.endsWith('ization')) w = `${w.slice(0, -7)}ize`;
    else if (w.endsWith('ification')) w = `${w.slice(0, -9)}ify`;
    else if (w.endsWith('ation') && w.length > 7) w = `${w.slice(0, -5)}ate`;
    else if (/[st]ion$/.test(w) && w.length > 6) w = w.slice(0, -3);
    else if (w.endsWith('ment') && w.length > 7) w = w.slice(0, -4);
    else if (w.endsWith('ness') && w.length > 6) w = w.slice(0, -4);
    if (/(ate|ize)$/.test(w) && w.length > 6) w = w.slice(0, -3);
  }
  if (w.endsWith('e') && w.length > 4 && !(w.length === 5 && /[^aeiouy][aeiouy][^aeiouwxy]e$/.test(w))) w = w.slice(0, -1);
  // "policy" and "policies", "cookie" and "cookies" meet at polici, cooki.
  if (/[^aeiou]y$/.test(w) && w.length > 3) w = `${w.slice(0, -1)}i`;
  return w;
}
