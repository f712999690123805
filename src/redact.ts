// Keeps the token out of everything we print: tool answers, CLI output, doctor reports, errors.

/** The token as it can appear in text we pass on: raw, JSON-escaped and percent-encoded. */
function forms(token: string): string[] {
  return [...new Set([token, JSON.stringify(token).slice(1, -1), encodeURIComponent(token)])];
}

/** Removes the token from any text, in case an upstream echoes it back. */
export function redact(text: string, token: string | undefined): string {
  if (!token || token.length < 6) return text;
  let out = text;
  for (const form of forms(token)) if (out.includes(form)) out = out.split(form).join(`${token.slice(0, 5)}…`);
  return out;
}

/**
 * Redacts every string (keys too) of a JSON value before it is serialized or cut, so no encoding of the answer and
 * no truncation point can bring the token back. Values are at most MAX_DEPTH deep (deeper bodies stay text).
 */
export function redactDeep<T>(value: T, token: string | undefined): T {
  if (!token || token.length < 6) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v, token);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [redact(k, token), walk(x)]));
    return v;
  };
  return walk(value) as T;
}
