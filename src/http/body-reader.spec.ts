import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { BodyRejectedError, PayloadTooLargeError } from '../errors/app-error';
import { isJsonMediaType, readBody } from './body-reader';

/** A request body arriving in chunks; counts how many chunks the reader pulled. */
function source(chunks: Buffer[]): Readable & { pulled: () => number } {
  let i = 0;
  const stream = new Readable({
    read() {
      this.push(i < chunks.length ? chunks[i++] : null);
    },
  });
  return Object.assign(stream, { pulled: () => i });
}

describe('isJsonMediaType', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON', true],
    ['application/merge-patch+json', true],
    ['application/vnd.api+json; charset=utf-8', true],
    ['text/plain', false],
    ['application/x-www-form-urlencoded', false],
    ['application/jsonp', false],
    ['multipart/form-data; boundary=x', false],
    [undefined, false],
  ])('%s → %s', (type, expected) => {
    expect(isJsonMediaType(type)).toBe(expected);
  });
});

describe('readBody', () => {
  it('reads an identity body whole', async () => {
    const body = await readBody(source([Buffer.from('{"a":'), Buffer.from('1}')]), {}, 100);
    expect(body.toString()).toBe('{"a":1}');
  });

  it('refuses a declared Content-Length over the limit without reading a byte', async () => {
    const stream = source([Buffer.alloc(50)]);
    await expect(readBody(stream, { 'content-length': '101' }, 100)).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
    expect(stream.pulled()).toBe(0);
  });

  it('stops at the chunk that crosses the limit when no length was declared', async () => {
    const stream = source(Array.from({ length: 100 }, () => Buffer.alloc(8192, 0x20)));
    await expect(readBody(stream, {}, 20_000)).rejects.toBeInstanceOf(PayloadTooLargeError);
    // The third chunk crosses the limit; a stream reads ahead at most its high-water mark (16 KiB).
    expect(stream.pulled()).toBeLessThan(10);
  });

  it('counts the limit after decompression: a gzip bomb is refused', async () => {
    const bomb = gzipSync(Buffer.alloc(1_000_000, 0x20));
    expect(bomb.length).toBeLessThan(10_000);
    await expect(
      readBody(source([bomb]), { 'content-encoding': 'gzip' }, 100_000),
    ).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it('decompresses gzip within the limit', async () => {
    const body = await readBody(
      source([gzipSync(Buffer.from('{"b":2}'))]),
      { 'content-encoding': 'GZIP' },
      100,
    );
    expect(body.toString()).toBe('{"b":2}');
  });

  it.each(['gzip', 'deflate', 'br'])('garbage under Content-Encoding %s is a 400', async (enc) => {
    const error = await readBody(
      source([Buffer.from('not compressed at all')]),
      { 'content-encoding': enc },
      1000,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyRejectedError);
    expect((error as BodyRejectedError).extensions.limit).toBe('contentEncoding');
  });

  it.each(['compress', 'gzip, br', 'zstd'])('Content-Encoding %s is refused', async (enc) => {
    await expect(
      readBody(source([Buffer.from('x')]), { 'content-encoding': enc }, 1000),
    ).rejects.toBeInstanceOf(BodyRejectedError);
  });
});
