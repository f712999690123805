// Keeps the token out of everything we print: tool answers, CLI output, doctor reports, errors.

/** Removes the token from any text, in case an upstream echoes it back. */
export function redact(text: string, token: string | undefined): string {
  if (!token || token.length < 6) return text;
  return text.split(token).join(`${token.slice(0, 5)}…`);
}
