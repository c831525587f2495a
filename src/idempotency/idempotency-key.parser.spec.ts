import { IdempotencyKeyInvalidError, IdempotencyKeyMissingError } from '../errors/app-error';
import { parseIdempotencyKey } from './idempotency-key.parser';

const KEY = '0f3c2a4e-8b6d-4f7a-9c1e-2b3d4a5f6e7d';

describe('parseIdempotencyKey', () => {
  it('accepts a bare UUID v4', () => {
    expect(parseIdempotencyKey(KEY)).toBe(KEY);
  });

  it('accepts an RFC 8941 string and upper case, naming the same key', () => {
    expect(parseIdempotencyKey(`"${KEY}"`)).toBe(KEY);
    expect(parseIdempotencyKey(KEY.toUpperCase())).toBe(KEY);
    expect(parseIdempotencyKey(`"${KEY.toUpperCase()}"`)).toBe(KEY);
    expect(parseIdempotencyKey(`  ${KEY}  `)).toBe(KEY);
  });

  it.each([undefined, '', '   ', []])('a missing key (%p) is IDEMPOTENCY_KEY_MISSING', (value) => {
    expect(() => parseIdempotencyKey(value as string | undefined)).toThrow(
      IdempotencyKeyMissingError,
    );
  });

  it.each([
    ['not a uuid', 'abc'],
    ['UUID v1', 'a8098c1a-f86e-11da-bd1a-00112444be1e'],
    ['wrong variant', '0f3c2a4e-8b6d-4f7a-7c1e-2b3d4a5f6e7d'],
    ['no dashes', '0f3c2a4e8b6d4f7a9c1e2b3d4a5f6e7d'],
    ['braces', `{${KEY}}`],
    ['unterminated quote', `"${KEY}`],
    ['quote inside', `"${KEY}"x"`],
    ['bad escape', `"\\${KEY}"`],
    ['two keys in one header', `${KEY}, ${KEY}`],
  ])('%s is IDEMPOTENCY_KEY_INVALID', (_, value) => {
    expect(() => parseIdempotencyKey(value)).toThrow(IdempotencyKeyInvalidError);
  });

  it('two Idempotency-Key headers are invalid', () => {
    expect(() => parseIdempotencyKey([KEY, KEY])).toThrow(IdempotencyKeyInvalidError);
  });
});
