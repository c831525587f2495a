import canonicalize from 'canonicalize';
import { canonicalJson } from './fingerprint';

/**
 * canonicalJson against RFC 8785, the JSON Canonicalization Scheme (JCS): the RFC's own test
 * vectors, written out here as the RFC prints them, and the `canonicalize` package (a JCS
 * implementation by one of the RFC's authors) as a second reference on bodies like ours.
 *
 * Where canonicalJson goes beyond JCS, on purpose (none of it can come out of JSON.parse, which is
 * where the fingerprint's input comes from):
 * - `undefined` members are dropped and `undefined` array items become null (as JSON.stringify);
 * - a Date is its ISO string and a bigint its digits (JCS has no such values);
 * - a lone UTF-16 surrogate (a body may spell one as "\ud800") is kept as that escape, as ES2019's
 *   JSON.stringify writes it; JCS expects I-JSON input, which excludes lone surrogates, so it
 *   defines no output for them. Determinism is all the fingerprint needs.
 */
describe('canonicalJson follows RFC 8785 (JCS)', () => {
  it('§3.2.2 example: literals, numbers and string escapes', () => {
    const input = JSON.parse(
      String.raw`{
        "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
        "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
        "literals": [null, true, false]
      }`,
    ) as unknown;
    expect(canonicalJson(input)).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it('§3.2.3 example: properties sorted by UTF-16 code units, recursively', () => {
    const input = JSON.parse(
      String.raw`{
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\ud83d\ude00": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis"
      }`,
    ) as unknown;
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    expect(canonicalJson({ b: { z: 1, a: [{ y: 2, x: 3 }] }, a: null })).toBe(
      '{"a":null,"b":{"a":[{"x":3,"y":2}],"z":1}}',
    );
  });

  // Appendix B: IEEE 754 doubles (as hex bits) and their JCS serialisation.
  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'], // -0
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('Appendix B: double %s is %s', (bits, expected) => {
    const value = Buffer.from(bits, 'hex').readDoubleBE(0);
    expect(canonicalJson(value)).toBe(expected);
    expect(canonicalJson([value])).toBe(`[${expected}]`);
  });

  it.each([
    ['7fffffffffffffff', 'NaN'],
    ['7ff0000000000000', 'Infinity'],
  ])('Appendix B: %s (%s) is refused, as JCS requires', (bits) => {
    expect(() => canonicalJson(Buffer.from(bits, 'hex').readDoubleBE(0))).toThrow(TypeError);
  });

  it('numbers are compared as numbers: 1.0, 1 and 1e0 are one number (so JCS and we agree)', () => {
    const spelled = ['{"q":1.0}', '{"q":1}', '{"q":1e0}', '{"q":10E-1}'].map((text) =>
      canonicalJson(JSON.parse(text)),
    );
    expect(new Set(spelled)).toEqual(new Set(['{"q":1}']));
  });

  it('agrees with the canonicalize package on request-like bodies', () => {
    const bodies: unknown[] = [
      {},
      [],
      { customerEmail: 'ada@example.com', reservationId: '6f1c1e4e-8a7b-4c1d-9f5e-2b3a4c5d6e7f' },
      {
        ticketTypeId: 'x',
        quantity: 2,
        paymentMethod: 'pm_card_visa',
        nested: { b: [1, 2, { d: 0.1 + 0.2 }], a: '' },
      },
      {
        scans: Array.from({ length: 20 }, (_, i) => ({
          scanId: `s${i}`,
          gate: i % 2 ? null : 'North',
          at: i * 1e21,
        })),
      },
      {
        text: 'tab\tnewline\nquote"backslash\\ nul\u0000 del\u007f line-sep\u2028 é 🎟️',
        ключ: true,
        '': false,
      },
      { deep: [[[[[[{ z: -0, y: -1.5e-7, x: 123456789012345680000 }]]]]]] },
    ];
    for (const body of bodies) expect(canonicalJson(body)).toBe(canonicalize(body));
  });
});
