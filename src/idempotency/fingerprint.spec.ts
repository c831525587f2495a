import fc from 'fast-check';
import {
  CANONICAL_JSON_MAX_DEPTH,
  CanonicalJsonError,
  canonicalJson,
  canonicalJsonByWalk,
  requestFingerprint,
} from './fingerprint';

describe('canonicalJson', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, 2], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,1,2]},"b":1}',
    );
  });

  it('treats 1.0 and 1 as the same number, and keeps 1.5 and 1e21 as JSON prints them', () => {
    expect(canonicalJson(JSON.parse('{"n":1.0}'))).toBe(canonicalJson({ n: 1 }));
    expect(canonicalJson({ n: 1.5 })).toBe('{"n":1.5}');
    expect(canonicalJson({ n: 1e21 })).toBe('{"n":1e+21}');
    expect(canonicalJson({ n: -0 })).toBe('{"n":0}');
  });

  it('escaped and literal unicode are the same string', () => {
    expect(canonicalJson(JSON.parse('{"s":"\\u00e9\\ud83c\\udfab"}'))).toBe(
      canonicalJson({ s: 'é🎫' }),
    );
    expect(canonicalJson({ s: 'é' })).not.toBe(canonicalJson({ s: 'e\u0301' }));
  });

  it('drops undefined members as JSON does, and rejects non-finite numbers', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
  });

  it('is iterative: deep nesting is a typed refusal, never a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow(CanonicalJsonError);
    let within: unknown = { a: 1 };
    for (let i = 1; i < CANONICAL_JSON_MAX_DEPTH; i++) within = { x: within };
    expect(canonicalJson(within)).toMatch(/^\{"x":/);
    expect(() => canonicalJson({ n: Infinity })).toThrow(CanonicalJsonError);
    expect(canonicalJson([1, [2, [3, {}]], [], { b: [null, undefined], a: 'x' }])).toBe(
      '[1,[2,[3,{}]],[],{"a":"x","b":[null,null]}]',
    );
  });

  it('sorts keys by code unit, not locale', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, é: 4 })).toBe('{"B":2,"a":3,"b":1,"é":4}');
  });
});

describe('requestFingerprint', () => {
  const fp = requestFingerprint;

  it('is insensitive to object key order at any depth', () => {
    expect(fp('POST', '/v1/x', { a: 1, b: { c: 2, d: [1, { e: 1, f: 2 }] } })).toBe(
      fp('POST', '/v1/x', { b: { d: [1, { f: 2, e: 1 }], c: 2 }, a: 1 }),
    );
  });

  it('is sensitive to array order, values, method and path', () => {
    const base = fp('POST', '/v1/x', { a: [1, 2] });
    expect(fp('POST', '/v1/x', { a: [2, 1] })).not.toBe(base);
    expect(fp('POST', '/v1/x', { a: [1, 3] })).not.toBe(base);
    expect(fp('PUT', '/v1/x', { a: [1, 2] })).not.toBe(base);
    expect(fp('POST', '/v1/y', { a: [1, 2] })).not.toBe(base);
  });

  it('distinguishes a string from a number', () => {
    expect(fp('POST', '/v1/x', { q: 1 })).not.toBe(fp('POST', '/v1/x', { q: '1' }));
  });

  it('treats no body and an empty object alike', () => {
    expect(fp('POST', '/v1/x', undefined)).toBe(fp('POST', '/v1/x', {}));
    expect(fp('post', '/v1/x', {})).toBe(fp('POST', '/v1/x', {}));
  });

  it('is a hex SHA-256', () => {
    expect(fp('POST', '/v1/x', {})).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('canonicalJson takes a faster road to the same text', () => {
  // Keys that V8 orders on its own (array indexes), that name the prototype, or sort oddly.
  const key = fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.constantFrom('0', '1', '9', '10', '01', '-1', '1.5', '4294967294', '4294967295'),
    fc.constantFrom('__proto__', 'constructor', 'toJSON', 'a', 'B', 'é', '🎫', '\ud800', ''),
  );
  const json = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(null, true, false, 0, -0, 1.5, 1e21, -1e-7, 2 ** 53),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string(),
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(key, tie('value'), { maxKeys: 6 }),
    ),
  })).value;

  it('prints every JSON value exactly as the reference walk does', () => {
    fc.assert(
      fc.property(json, (value) => {
        // Through JSON.parse too, as a request body arrives (own "__proto__" keys included).
        const parsed: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
        expect(canonicalJson(value)).toBe(canonicalJsonByWalk(value));
        expect(canonicalJson(parsed)).toBe(canonicalJsonByWalk(parsed));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the reference text where a JSON.stringify of a sorted copy would differ', () => {
    const cases: unknown[] = [
      JSON.parse('{"10":1,"9":2,"a":3,"__proto__":{"b":1}}'),
      { b: 1, 2: 'x', 10: 'y' },
      [1, , 3], // eslint-disable-line no-sparse-arrays
      [1, undefined, () => 1],
      { d: new Date(0), n: 10n },
      { m: new Map([['a', 1]]), buffer: Buffer.from('ab'), f: () => 1, u: undefined },
      { toJSON: 'not a function', x: { toJSON: () => 'ignored' } },
    ];
    for (const value of cases) {
      let expected: string | Error;
      try {
        expected = canonicalJsonByWalk(value);
      } catch (error) {
        expected = error as Error;
      }
      if (expected instanceof Error) expect(() => canonicalJson(value)).toThrow(expected.message);
      else expect(canonicalJson(value)).toBe(expected);
    }
    expect(canonicalJson(JSON.parse('{"10":1,"9":2}'))).toBe('{"10":1,"9":2}');
  });

  it('refuses what the reference refuses, with the same error', () => {
    let deep: unknown = 1;
    for (let i = 0; i < CANONICAL_JSON_MAX_DEPTH + 1; i++) deep = { x: deep };
    for (const value of [deep, { n: Infinity }, [Number.NaN], { s: Symbol('s') }]) {
      expect(() => canonicalJsonByWalk(value)).toThrow(CanonicalJsonError);
      expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    }
  });

  it('a body near 1 MiB of many members prints the same text', () => {
    const body: Record<string, unknown> = { ticketTypeId: 'x', quantity: 1 };
    for (let i = 0; i < 254; i++) body[`f${i}`] = 'é'.repeat(2000) + String(i);
    body.g = Array.from({ length: 7 }, (_, o) =>
      Object.fromEntries(Array.from({ length: 255 }, (__, k) => [`k${o}_${255 - k}`, k / 7])),
    );
    const parsed: unknown = JSON.parse(JSON.stringify(body));
    expect(canonicalJson(parsed)).toBe(canonicalJsonByWalk(parsed));
  });
});
