import { ValidationFailedError } from '../errors/app-error';
import { createHash } from 'node:crypto';
import { cursorSecret, ListCursors } from './list-cursor';

describe('ListCursors', () => {
  const cursors = new ListCursors({ cursorSecret: null, adminToken: 'a-test-admin-token' });
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

  it('is signed: another key, or a check made without the key, is refused', () => {
    const other = new ListCursors({
      cursorSecret: 'x'.repeat(32),
      adminToken: 'a-test-admin-token',
    });
    expect(() => other.decode('orders', tenant, issued)).toThrow(ValidationFailedError);
    const body = Buffer.from(id).toString('base64url');
    const plainHash = createHash('sha256')
      .update(`orders\n${tenant}\n${body}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
    expect(() => cursors.decode('orders', tenant, `${body}.${plainHash}`)).toThrow(
      ValidationFailedError,
    );
  });

  it('the key is CURSOR_SECRET, or derived from ADMIN_TOKEN without revealing it', () => {
    expect(cursorSecret({ cursorSecret: 'x'.repeat(32), adminToken: 'a'.repeat(16) })).toEqual(
      Buffer.from('x'.repeat(32)),
    );
    const derived = cursorSecret({ cursorSecret: null, adminToken: 'a-long-admin-token' });
    expect(derived).toHaveLength(32);
    expect(derived.toString('utf8')).not.toContain('a-long-admin-token');
  });
});
