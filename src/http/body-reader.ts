import type { IncomingHttpHeaders } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { BodyRejectedError, PayloadTooLargeError } from '../errors/app-error';

/**
 * Reading a request body as bytes, at most `limitBytes` of them after decompression, and no more:
 * a declared Content-Length over the limit is refused before a byte is read, and a body that grows
 * past it (chunked, or a compression bomb) is refused at the chunk that crosses it, its source left
 * unread from there. Adapter-independent: it takes the request's stream and headers.
 */

/** The media types the service reads: JSON, and its `+json` suffixes. Nothing else is parsed. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const essence = contentType.split(';', 1)[0].trim().toLowerCase();
  return essence === 'application/json' || /^application\/[!#$&^_.+a-z0-9-]+\+json$/.test(essence);
}

export function tooLarge(limitBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`The request body exceeds ${limitBytes} bytes.`);
}

function decompressor(encoding: string): Transform | null | undefined {
  switch (encoding) {
    case '':
    case 'identity':
      return null;
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

export function readBody(
  source: Readable,
  headers: IncomingHttpHeaders,
  limitBytes: number,
): Promise<Buffer> {
  const encoding = (headers['content-encoding'] ?? '').trim().toLowerCase();
  const inflate = decompressor(encoding);
  if (inflate === undefined) {
    return Promise.reject(
      new BodyRejectedError(
        'The Content-Encoding of the request body is not supported (identity, gzip, deflate or br).',
        'contentEncoding',
      ),
    );
  }
  const declared = Number(headers['content-length']);
  if (inflate === null && Number.isFinite(declared) && declared > limitBytes) {
    return Promise.reject(tooLarge(limitBytes));
  }

  return new Promise<Buffer>((resolve, reject) => {
    const stream: Readable = inflate === null ? source : source.pipe(inflate);
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      stream.removeListener('data', onData);
      if (inflate !== null) {
        source.unpipe(inflate);
        inflate.destroy();
      }
      if (error === null) {
        resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received));
      } else {
        // Stop reading: what is left of the body is discarded by the HTTP server, not buffered.
        source.pause();
        reject(error);
      }
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limitBytes) return finish(tooLarge(limitBytes));
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () => finish(null));
    stream.once('error', () =>
      finish(
        inflate !== null && stream === inflate
          ? new BodyRejectedError(
              'The request body does not decompress with its Content-Encoding.',
              'contentEncoding',
            )
          : new BodyRejectedError('The request body could not be read.'),
      ),
    );
    source.once('aborted', () => finish(new BodyRejectedError('The request body was cut off.')));
    if (inflate !== null) {
      source.once('error', () =>
        finish(new BodyRejectedError('The request body could not be read.')),
      );
    }
  });
}
