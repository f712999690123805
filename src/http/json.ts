// Small helpers for untyped JSON shared by the http modules.

export type JsonObject = Record<string, unknown>;

/** A plain JSON object: not null, not an array. */
export function isObject(x: unknown): x is JsonObject {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** An object for keys that come from input: no prototype, so `__proto__` or `constructor` is just a key. */
export function dict<T = unknown>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `obj[key]` only when obj has it itself; never a value inherited from Object.prototype. */
export function own(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null && Object.hasOwn(obj, key) ? (obj as JsonObject)[key] : undefined;
}
