import { BodyRejectedError } from '../errors/app-error';
import { DEFAULT_JSON_LIMITS, parseJsonBody } from './json-body';

const bytes = (text: string) => Buffer.from(text, 'utf8');

function rejection(text: string | Buffer): BodyRejectedError {
  try {
    parseJsonBody(typeof text === 'string' ? bytes(text) : text);
  } catch (error) {
    if (error instanceof BodyRejectedError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('parseJsonBody', () => {
  it('parses ordinary bodies; an empty body is no body', () => {
    expect(parseJsonBody(bytes('{"a":[1,{"b":"c"}],"d":null}'))).toEqual({
      a: [1, { b: 'c' }],
      d: null,
    });
    expect(parseJsonBody(bytes(''))).toBeUndefined();
    expect(parseJsonBody(bytes(' \n'))).toBeUndefined();
    expect(parseJsonBody(bytes('[]'))).toEqual([]);
  });

  it.each([
    ['maxDepth', '['.repeat(500_000) + ']'.repeat(500_000)],
    ['maxDepth', '{"a":'.repeat(33) + '1' + '}'.repeat(33)],
    [
      'maxKeysPerObject',
      JSON.stringify(Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, 1]))),
    ],
    [
      'maxTotalKeys',
      JSON.stringify(
        Array.from({ length: 200 }, () =>
          Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, 1])),
        ),
      ),
    ],
    ['maxTotalKeys', `[${'1,'.repeat(20_000)}1]`],
    ['maxStringLength', JSON.stringify({ a: 'x'.repeat(10_001) })],
    ['maxStringLength', JSON.stringify({ ['k'.repeat(10_001)]: 1 })],
    ['finiteNumbers', '{"quantity":1e309}'],
    ['finiteNumbers', '[-1e400]'],
    ['noNul', '{"name":"a\\u0000b"}'],
    ['noNul', '{"a\\u0000":1}'],
    ['wellFormedUnicode', '{"name":"\\ud800"}'],
    ['wellFormedUnicode', '{"name":"\\udc00x"}'],
    ['forbiddenKeys', '{"__proto__":{"admin":true}}'],
    ['forbiddenKeys', '{"a":[{"constructor":{"prototype":1}}]}'],
    ['forbiddenKeys', '{"prototype":1}'],
  ])('refuses a body over %s', (limit, text) => {
    const error = rejection(text);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.extensions.limit).toBe(limit);
  });

  it('a body just within every limit is accepted', () => {
    const within = '{"a":'.repeat(31) + '1' + '}'.repeat(31);
    expect(() => parseJsonBody(bytes(within))).not.toThrow();
    const keys = Object.fromEntries(
      Array.from({ length: 256 }, (_, i) => [`k${i}`, 'x'.repeat(100)]),
    );
    expect(() => parseJsonBody(bytes(JSON.stringify(keys)))).not.toThrow();
    expect(() => parseJsonBody(bytes(JSON.stringify({ a: 'é'.repeat(5000) })))).not.toThrow();
    expect(() => parseJsonBody(bytes('{"a":"\\ud83d\\ude00"}'))).not.toThrow();
  });

  it('braces and colons inside strings are not structure', () => {
    const text = JSON.stringify({ a: '[[[[{{{{:::,,,'.repeat(100), b: '\\"[' });
    expect(parseJsonBody(bytes(text))).toEqual(JSON.parse(text));
  });

  it.each([
    ['not JSON', '{"a":'],
    ['a primitive at the top', '"just a string"'],
    ['a number at the top', '42'],
  ])('refuses %s', (_, text) => {
    expect(rejection(text).code).toBe('VALIDATION_FAILED');
  });

  it('refuses invalid UTF-8', () => {
    expect(
      rejection(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])).extensions
        .limit,
    ).toBe('utf8');
  });

  it('the limits are what the README says', () => {
    expect(DEFAULT_JSON_LIMITS).toEqual({
      maxDepth: 32,
      maxKeysPerObject: 256,
      maxTotalKeys: 2_000,
      maxStringLength: 10_000,
    });
  });
});
