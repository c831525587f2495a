import {
  CANONICAL_JSON_MAX_DEPTH,
  CanonicalJsonError,
  canonicalJson,
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
