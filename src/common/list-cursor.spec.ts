import { ValidationFailedError } from '../errors/app-error';
import { ListCursors } from './list-cursor';

describe('ListCursors', () => {
  const cursors = new ListCursors();
  const id = '6f1c1c4e-8d2a-4b6e-9f0a-2d3c4b5a6e7f';
  const tenant = '0b7c7a4e-1111-4e2b-9f0a-2d3c4b5a6e7f';
  const issued = cursors.encode('orders', tenant, id);

  it('round-trips what it issued, per list and tenant', () => {
    expect(cursors.decode('orders', tenant, issued)).toBe(id);
    expect(cursors.decode('tickets', 'other', cursors.encode('tickets', 'other', id))).toBe(id);
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['empty', ''],
    ['a bare id', id],
    ['another list', cursors.encode('tickets', tenant, id)],
    ['another tenant', cursors.encode('orders', 'another-tenant', id)],
    ['not an id', cursors.encode('orders', tenant, 'x')],
    [
      'an edited id',
      Buffer.from(id.replace('6f', '7f')).toString('base64url') + issued.slice(issued.indexOf('.')),
    ],
    ['an edited check', issued.slice(0, -2) + 'xx'],
    ['extra characters', issued + '='],
    ['a huge cursor', 'a'.repeat(5000) + '.b'],
  ])('refuses %s', (_name, raw) => {
    expect(() => cursors.decode('orders', tenant, raw)).toThrow(ValidationFailedError);
  });
});
