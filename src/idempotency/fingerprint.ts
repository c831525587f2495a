import { createHash } from 'node:crypto';

/**
 * Bump when the fingerprint's recipe changes. Keys store the version that made them, and a key made
 * by another version is not compared byte for byte (see IdempotencyStore).
 */
export const FINGERPRINT_VERSION = 1;

/**
 * Canonical JSON (in the spirit of RFC 8785): object keys sorted by code unit, arrays in order,
 * numbers as JavaScript prints them (so 1.0 and 1 are the same number), no insignificant space.
 * `undefined` members are dropped, as JSON.stringify drops them.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('non-finite number in JSON body');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
      }
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined && typeof v !== 'function')
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`cannot fingerprint a ${typeof value}`);
  }
}

/** What makes two requests "the same request": method, path and the canonical body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  // An empty body and `{}` mean the same to every route that takes an object.
  const normalizedBody =
    body === undefined ||
    body === null ||
    (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0)
      ? {}
      : body;
  return createHash('sha256')
    .update(
      `v${FINGERPRINT_VERSION}\n${method.toUpperCase()}\n${path}\n${canonicalJson(normalizedBody)}`,
    )
    .digest('hex');
}
