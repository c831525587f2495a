import { ValidationFailedError } from '../errors/app-error';
import { decodeEventCursor, encodeEventCursor } from '../modules/tickets/event-cursor';
import {
  decodeWebhookEventCursor,
  encodeWebhookEventCursor,
} from '../modules/webhooks/webhook-event-cursor';
import { CursorCodec, cursorSecret } from './cursor-codec';

const codec = new CursorCodec(Buffer.from('a test secret of at least 32 characters'));
const tenant = '0b8f8a4e-3c0e-4d0a-9b7e-1f2a3b4c5d6e';
const other = '1c9f9b5f-4d1f-4e1b-8c8f-2a3b4c5d6e7f';
const id = '6f1c1c4e-8d2a-4b6e-9f0a-2d3c4b5a6e7f';

function refused(fn: () => unknown): void {
  expect(fn).toThrow(ValidationFailedError);
}

describe('CursorCodec', () => {
  it('round-trips what it issued', () => {
    const raw = codec.encode('events', tenant, ['2027-06-01T17:30:00.123Z', id]);
    expect(codec.decode('events', tenant, raw, 2)).toEqual(['2027-06-01T17:30:00.123Z', id]);
    const event = { startsAt: new Date('2027-06-01T17:30:00.123Z'), id };
    expect(decodeEventCursor(codec, tenant, encodeEventCursor(codec, tenant, event))).toEqual(
      event,
    );
    expect(decodeWebhookEventCursor(codec, encodeWebhookEventCursor(codec, id))).toBe(id);
  });

  it('refuses a self-consistent cursor with an invented position (no valid MAC)', () => {
    const body = Buffer.from(JSON.stringify(['2027-06-01T17:30:00.123Z', id])).toString(
      'base64url',
    );
    refused(() => codec.decode('events', tenant, body, 2));
    refused(() => codec.decode('events', tenant, `${body}.AAAAAAAAAAAAAAAAAAAAAA`, 2));
    const issued = codec.encode('events', tenant, ['2027-06-01T17:30:00.123Z', id]);
    const [, mac] = issued.split('.');
    const edited = Buffer.from(JSON.stringify(['2027-06-01T17:30:00.124Z', id])).toString(
      'base64url',
    );
    refused(() => codec.decode('events', tenant, `${edited}.${mac}`, 2));
  });

  it("refuses another tenant's cursor, another list's, and another secret's", () => {
    const raw = codec.encode('events', tenant, ['2027-06-01T17:30:00.123Z', id]);
    refused(() => codec.decode('events', other, raw, 2));
    refused(() => codec.decode('orders', tenant, raw, 2));
    refused(() =>
      new CursorCodec(Buffer.from('another secret, also 32 characters long')).decode(
        'events',
        tenant,
        raw,
        2,
      ),
    );
  });

  it.each(['', 'not-a-cursor', '.', 'abc.', '.abc', 'x'.repeat(5000)])(
    'refuses garbage %p',
    (raw) => refused(() => codec.decode('events', tenant, raw, 2)),
  );

  it('the position must have the expected shape even when signed', () => {
    refused(() => codec.decode('events', tenant, codec.encode('events', tenant, [id]), 2));
    refused(() =>
      decodeEventCursor(codec, tenant, codec.encode('events', tenant, ['tomorrow', id])),
    );
    refused(() => decodeWebhookEventCursor(codec, codec.encode('webhook-events', 'admin', ['x'])));
  });

  it('the secret is CURSOR_SECRET, or derived from ADMIN_TOKEN without revealing it', () => {
    expect(cursorSecret({ cursorSecret: 'x'.repeat(32), adminToken: 'a'.repeat(16) })).toEqual(
      Buffer.from('x'.repeat(32)),
    );
    const derived = cursorSecret({ cursorSecret: null, adminToken: 'a-long-admin-token' });
    expect(derived).toHaveLength(32);
    expect(derived.toString('utf8')).not.toContain('a-long-admin-token');
  });
});
