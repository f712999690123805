// What an id pattern means, in words: a plain UUID, or two UUIDs joined by ':' (analytics writes gateway
// entities as `<controlPlaneId>:<entityId>` because their ids are unique only within a control plane).
// Judged by what the pattern accepts, not by how it is spelled; shared by get_schema notes and validation errors.

const SAMPLE_A = '9524ec7d-36d9-465d-a8c5-83a3c9390458';
const SAMPLE_B = '7fca84d6-1e0b-4c6e-9a55-2b1d0c3e4f60';
/** Longer patterns are not judged (they are not id forms, and testing them costs more than it tells). */
const MAX_PATTERN = 400;

export type IdKind = 'uuid' | 'scoped-uuid';

function compile(pattern: string): RegExp | undefined {
  if (pattern.length > MAX_PATTERN) return undefined;
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // try without the u flag
    }
  }
  return undefined;
}

/** 'scoped-uuid' when the pattern takes `<uuid>:<uuid>` and not a bare UUID; 'uuid' when it takes exactly a UUID. */
export function idKind(pattern: unknown): IdKind | undefined {
  if (typeof pattern !== 'string') return undefined;
  const re = compile(pattern);
  if (!re) return undefined;
  const scoped = `${SAMPLE_A}:${SAMPLE_B}`;
  if (re.test(scoped) && !re.test(SAMPLE_B) && !re.test(`x${SAMPLE_A}:${SAMPLE_B}`)) return 'scoped-uuid';
  if (re.test(SAMPLE_B) && !re.test(scoped) && !re.test('x')) return 'uuid';
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

function camel(snake: string): string {
  return snake.toLowerCase().replace(/_+([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** "gateway_service" -> "gateway service". */
export function entityWords(field: string): string {
  return field.replace(/[_-]+/g, ' ').trim();
}

export interface ScopedForm {
  /** e.g. "<controlPlaneId>:<serviceId>" */
  form: string;
  /** e.g. "9524ec7d-…:7fca84d6-…" (the caller's own id as the second half when it is a UUID). */
  example: string;
}

/**
 * How a scoped id is written, from the field's description ("must be of the form `control_plane_id:field_id`",
 * "gateway IDs are only unique within a given control plane") and the entity it filters (gateway_service).
 */
export function scopedForm(description: unknown, entity: string | undefined, got?: unknown): ScopedForm {
  const text = typeof description === 'string' ? description : '';
  const written = /`([a-z][a-z0-9_]*):([a-z][a-z0-9_]*)`/i.exec(text);
  const scope = written ? camel(written[1]!) : 'scopeId';
  // The description's qualifier of ids ("gateway IDs") is dropped from the entity's name: gateway_service -> serviceId.
  let name = entity ?? (written ? written[2]!.replace(/_?id$/i, '') : 'entity');
  const qualifiers = [...text.matchAll(/\b([a-z]+) IDs\b/gi)].map((m) => m[1]!.toLowerCase());
  const qualifier = qualifiers.find((q) => name.toLowerCase().startsWith(`${q}_`));
  if (qualifier) name = name.slice(qualifier.length + 1);
  const form = `<${scope}>:<${camel(name)}Id>`;
  const second = isUuid(got) ? got : SAMPLE_B;
  return { form, example: `${SAMPLE_A}:${second}` };
}
