import { IdempotencyKeyInvalidError, IdempotencyKeyMissingError } from '../errors/app-error';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** An RFC 8941 sfv-string: a quoted value in which only \" and \\ may be escaped. */
function unquote(value: string): string | null {
  if (!(value.length >= 2 && value.startsWith('"') && value.endsWith('"'))) return value;
  let out = '';
  for (let i = 1; i < value.length - 1; i++) {
    const ch = value[i];
    if (ch === '\\') {
      const next = value[i + 1];
      if (next !== '"' && next !== '\\') return null;
      out += next;
      i++;
    } else if (ch === '"') {
      return null;
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * The Idempotency-Key header as a lower-case UUID v4. It may come bare or as an RFC 8941 string, in
 * any case; all of these name the same key.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string {
  if (header === undefined) throw new IdempotencyKeyMissingError();
  if (Array.isArray(header)) {
    if (header.length === 0) throw new IdempotencyKeyMissingError();
    // Two Idempotency-Key headers are ambiguous: which one would we honour?
    throw new IdempotencyKeyInvalidError();
  }
  const trimmed = header.trim();
  if (trimmed === '') throw new IdempotencyKeyMissingError();
  const value = unquote(trimmed);
  if (value === null) throw new IdempotencyKeyInvalidError();
  const key = value.toLowerCase();
  if (!UUID_V4.test(key)) throw new IdempotencyKeyInvalidError();
  return key;
}

export function isIdempotencyKey(value: string): boolean {
  try {
    parseIdempotencyKey(value);
    return true;
  } catch {
    return false;
  }
}
