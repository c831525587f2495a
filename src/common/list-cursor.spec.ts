import { ValidationFailedError } from '../errors/app-error';
import { decodeListCursor, encodeListCursor } from './list-cursor';

describe('list cursor', () => {
  const id = '6f1c1c4e-8d2a-4b6e-9f0a-2d3c4b5a6e7f';

  it('round-trips what it issued, per list', () => {
    expect(decodeListCursor('orders', encodeListCursor('orders', id))).toBe(id);
    expect(decodeListCursor('tickets', encodeListCursor('tickets', id))).toBe(id);
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['empty', ''],
    ['another list', encodeListCursor('tickets', id)],
    ['a bare id', id],
    ['not an id', 'or1.' + Buffer.from('x').toString('base64url')],
    ['an edited cursor', encodeListCursor('orders', id).slice(0, -2) + 'xx'],
    ['extra padding', encodeListCursor('orders', id) + '='],
  ])('refuses %s', (_name, raw) => {
    expect(() => decodeListCursor('orders', raw)).toThrow(ValidationFailedError);
  });
});
