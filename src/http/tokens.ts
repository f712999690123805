// A cheap token estimate for JSON answers, close to a GPT-4o-class BPE tokenizer (o200k) without shipping one.
// It splits text the way that tokenizer's pre-tokenizer does (letter runs, digit groups of three, punctuation
// runs) and prices each piece; test/http/tokens.test.ts checks it against gpt-tokenizer on Konnect-shaped answers.

const enum Kind {
  Letter,
  Digit,
  Space,
  Punct,
  Other,
}

function kind(c: number): Kind {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) return Kind.Letter;
  if (c >= 48 && c <= 57) return Kind.Digit;
  if (c === 32 || c === 9 || c === 10 || c === 13) return Kind.Space;
  if (c < 128) return Kind.Punct;
  return Kind.Other;
}

/** Tokens of a letter run: words are one or two tokens; mixed-case or very long runs (ids, base64, filler) cost more. */
function letterCost(len: number, mixedCase: boolean): number {
  if (len <= 5) return 1;
  if (mixedCase) return Math.ceil(len / 3);
  return len <= 16 ? Math.ceil(len / 6) : 3 + Math.ceil((len - 16) / 4);
}

/** Estimated o200k tokens of a text (a JSON answer or any string). */
export function estimateTokens(text: string): number {
  let tokens = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const k = kind(text.charCodeAt(i));
    let j = i + 1;
    if (k === Kind.Letter) {
      let upper = 0;
      let lower = 0;
      for (; j <= n; j++) {
        const c = text.charCodeAt(j - 1);
        if (c >= 65 && c <= 90) upper++;
        else lower++;
        if (j === n || kind(text.charCodeAt(j)) !== Kind.Letter) break;
      }
      tokens += letterCost(j - i, upper > 1 && lower > 0);
    } else if (k === Kind.Digit) {
      while (j < n && kind(text.charCodeAt(j)) === Kind.Digit) j++;
      tokens += Math.ceil((j - i) / 3);
    } else if (k === Kind.Punct) {
      while (j < n && kind(text.charCodeAt(j)) === Kind.Punct) j++;
      tokens += Math.ceil((j - i) / 3);
      // A single punctuation mark before a word (`"name`, `_id`, `/v1`) usually merges into it.
      if (j - i === 1 && j < n && kind(text.charCodeAt(j)) === Kind.Letter) tokens -= 1;
    } else if (k === Kind.Space) {
      while (j < n && kind(text.charCodeAt(j)) === Kind.Space) j++;
      // One space joins the next word; longer runs are a token of their own.
      if (j - i > 1 || j === n || kind(text.charCodeAt(j)) !== Kind.Letter) tokens += 1;
    } else {
      tokens += 1;
    }
    i = j;
  }
  return tokens;
}

/** Estimated tokens of a value's compact JSON. */
export function jsonTokens(value: unknown): number {
  return estimateTokens(JSON.stringify(value) ?? '');
}
