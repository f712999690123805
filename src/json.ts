// Small helpers and types for JSON, shared by every module that reads untyped input.

/** A parsed JSON value, typed all the way down. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };
/** An object whose values are not checked yet (parsed input, a spec node). */
export type Raw = Record<string, unknown>;

/** A plain object: not null, not an array. */
export function isObject(x: unknown): x is Raw {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** An object for keys that come from input: no prototype, so `__proto__` or `constructor` is just a key. */
export function dict<T = unknown>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `obj[key]` only when obj has it itself; never a value inherited from Object.prototype. */
export function own(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null && Object.hasOwn(obj, key) ? (obj as Raw)[key] : undefined;
}

/** How deeply objects and arrays nest in `value`, counted without recursion and only up to `limit + 1`. */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > deepest) deepest = d + 1;
    if (deepest > limit) return deepest;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return deepest;
}
